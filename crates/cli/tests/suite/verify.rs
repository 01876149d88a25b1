//! `sailau verify RECORD` as an observer runs it: exit 0 when every check passes, 1 when any
//! fails (the failing check named on stdout), 2 when the record cannot be read.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn vectors(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/test-vectors")
        .join(name)
}

fn sailau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .output()
        .unwrap()
}

fn copy_of(name: &str, to: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(to);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["election.json", "ballots.jsonl", "tally.json"] {
        std::fs::copy(vectors(name).join(f), dir.join(f)).unwrap();
    }
    dir
}

#[test]
fn an_honest_record_passes_with_every_check_listed() {
    let out = sailau(&["verify", vectors("mazhilis-2023").to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    for n in 1..=15 {
        assert!(
            text.contains(&format!("[pass] {n:>2}.")),
            "check {n} listed: {text}"
        );
    }
    assert!(text.contains("All 15 checks passed."));
    // The same verdict one equation at a time, on one thread.
    let dir = vectors("mazhilis-2023");
    let out = sailau(&[
        "verify",
        dir.to_str().unwrap(),
        "--one-by-one",
        "--threads",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_tampered_total_fails_with_exit_1_and_the_check_named() {
    let dir = copy_of("tiny", "verify-tampered");
    let tally = std::fs::read_to_string(dir.join("tally.json")).unwrap();
    // The first option's count, one more.
    let at = tally.find("\"count\": ").unwrap() + 9;
    let end = at + tally[at..].find(',').unwrap();
    let n: u64 = tally[at..end].parse().unwrap();
    let changed = format!("{}{}{}", &tally[..at], n + 1, &tally[end..]);
    std::fs::write(dir.join("tally.json"), changed).unwrap();
    let out = sailau(&["verify", dir.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("[FAIL] 14."), "{text}");
    assert!(text.contains("FAILED"), "{text}");
    // The same verdict for a program.
    let out = sailau(&["verify", dir.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["passed"], false);
    let failed: Vec<u64> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["number"].as_u64().unwrap())
        .collect();
    // 15 too: on a question with exactly one mark per ballot, the totals must add up to the
    // ballots.
    assert_eq!(failed, vec![14, 15]);
}

#[test]
fn an_unreadable_record_exits_2_naming_the_file() {
    let dir = copy_of("tiny", "verify-unreadable");
    std::fs::write(dir.join("election.json"), "{ not json").unwrap();
    let out = sailau(&["verify", dir.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("election.json"), "{err}");
    std::fs::remove_file(dir.join("ballots.jsonl")).unwrap();
    let out = sailau(&["verify", dir.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("ballots.jsonl"), "{err}");
}

#[test]
fn a_sample_record_verifies_and_is_never_written_over() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sample-record");
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    let out = sailau(&[
        "sample-record",
        "--out",
        d,
        "--ballots",
        "30",
        "--guardians",
        "3",
        "--quorum",
        "2",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sailau(&["verify", d]).status.code(), Some(0));
    let before = std::fs::read(dir.join("ballots.jsonl")).unwrap();
    let out = sailau(&["sample-record", "--out", d, "--ballots", "5"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.join("ballots.jsonl")).unwrap(), before);
    let out = sailau(&[
        "sample-record",
        "--out",
        d,
        "--guardians",
        "2",
        "--quorum",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_station_record_with_a_compact_log_verifies_and_one_that_disagrees_exits_2() {
    let dir = copy_of("tiny", "verify-compact");
    std::fs::copy(vectors("tiny").join("ballots.bin"), dir.join("ballots.bin")).unwrap();
    // Both forms of the log, as in docs/test-vectors: they carry the same lines.
    assert_eq!(
        sailau(&["verify", dir.to_str().unwrap()]).status.code(),
        Some(0)
    );
    // The compact form alone.
    let jsonl = std::fs::read(dir.join("ballots.jsonl")).unwrap();
    std::fs::remove_file(dir.join("ballots.jsonl")).unwrap();
    let out = sailau(&["verify", dir.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("All 15 checks passed."), "{text}");
    // A JSON log with one ballot fewer than the compact one: which to believe is not the
    // verifier's to guess.
    let fewer: Vec<u8> = jsonl
        .split_inclusive(|&b| b == b'\n')
        .skip(1)
        .flatten()
        .copied()
        .collect();
    std::fs::write(dir.join("ballots.jsonl"), fewer).unwrap();
    let out = sailau(&["verify", dir.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not the same ballot log"), "{err}");
}

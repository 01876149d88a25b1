//! Bad input gets one clear line on stderr naming the file and the field, exit code 2, and
//! nothing on stdout. Never a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

const GOOD: &str = include_str!("../../../../fixtures/official/2023-03-19-mazhilis.json");

fn file(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-input");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs `sailau results` on `text` and returns its one stderr line.
fn refused(name: &str, text: &str, extra: &[&str]) -> String {
    let p = file(name, text);
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .arg("results")
        .arg(&p)
        .args(extra)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{name}: {err}");
    assert!(
        out.stdout.is_empty(),
        "{name}: nothing is printed on stdout"
    );
    assert_eq!(err.lines().count(), 1, "{name}: one line: {err}");
    assert!(
        err.contains(p.to_str().unwrap()),
        "{name}: names the file: {err}"
    );
    assert!(!err.contains("panicked"), "{name}: {err}");
    err
}

fn edit(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "fixture has {from:?}");
    GOOD.replacen(from, to, 1)
}

#[test]
fn malformed_and_truncated_json() {
    assert!(refused("malformed.json", "{ \"format\": ", &[]).contains("not valid JSON"));
    let cut = &GOOD[..GOOD.len() / 2];
    assert!(refused("truncated.json", cut, &[]).contains("not valid JSON"));
    assert!(refused("empty.json", "", &[]).contains("not valid JSON"));
}

#[test]
fn unknown_format_version_and_kinds() {
    let e = refused(
        "v2.json",
        &edit("sailau-results/1", "sailau-results/2"),
        &[],
    );
    assert!(
        e.contains("format: unknown format \"sailau-results/2\""),
        "{e}"
    );
    let e = refused(
        "kind.json",
        &edit("\"kind\": \"mazhilis\"", "\"kind\": \"parliament\""),
        &[],
    );
    assert!(
        e.contains("election.kind: unknown kind \"parliament\""),
        "{e}"
    );
    let e = refused(
        "ckind.json",
        &edit("\"kind\": \"party-list\"", "\"kind\": \"list\""),
        &[],
    );
    assert!(e.contains("contests[0].kind: unknown kind \"list\""), "{e}");
    let e = refused(
        "field.json",
        &edit("\"against_all\"", "\"against_al\""),
        &[],
    );
    assert!(
        e.contains("contests[0]") && e.contains("against_al"),
        "a misspelt field is refused: {e}"
    );
}

#[test]
fn negative_and_overflowing_counts() {
    let e = refused(
        "negative.json",
        &edit("\"votes\": 146431", "\"votes\": -146431"),
        &[],
    );
    assert!(e.contains("contests[0].options[6].votes"), "{e}");
    let e = refused(
        "overflow.json",
        &edit("\"votes\": 146431", "\"votes\": 18446744073709551616"),
        &[],
    );
    assert!(e.contains("contests[0].options[6].votes"), "{e}");
    let big = edit("\"votes\": 146431", "\"votes\": 18446744073709551615");
    let e = refused("sum.json", &big, &[]);
    assert!(e.contains("contests[0]"), "{e}");
}

#[test]
fn votes_that_exceed_ballots_cast() {
    let e = refused(
        "exceed.json",
        &edit("\"ballots_cast\": 6524487", "\"ballots_cast\": 6000000"),
        &[],
    );
    assert!(
        e.contains("contests[0].ballots_cast") && e.contains("exceed"),
        "{e}"
    );
    let e = refused(
        "cast.json",
        &edit("\"registered\": 12035578", "\"registered\": 6000000"),
        &[],
    );
    assert!(
        e.contains("contests[0].ballots_cast: 6524487 exceeds registered"),
        "{e}"
    );
}

#[test]
fn duplicate_ids_and_zero_seats() {
    let e = refused(
        "dup.json",
        &edit("\"id\": \"auyl\"", "\"id\": \"amanat\""),
        &[],
    );
    assert!(
        e.contains("contests[0].options[1].id") && e.contains("two options"),
        "{e}"
    );
    let e = refused(
        "aa.json",
        &edit("\"id\": \"baytaq\"", "\"id\": \"against-all\""),
        &[],
    );
    assert!(
        e.contains("contests[0].options[6].id") && e.contains("against_all field"),
        "{e}"
    );
    let e = refused("zero.json", &edit("\"seats\": 69", "\"seats\": 0"), &[]);
    assert!(e.contains("contests[0].seats: must be at least 1"), "{e}");
    let e = refused("seats.json", &edit("\"seats\": 69", "\"seats\": 70"), &[]);
    assert!(
        e.contains("contests[0].seats") && e.contains("--seats"),
        "the fix is named: {e}"
    );
}

#[test]
fn a_date_no_edition_covers() {
    let e = refused("date.json", &edit("2023-03-19", "2027-03-19"), &[]);
    assert!(
        e.contains("election.date: no edition of the mazhilis rules is in force on 2027-03-19"),
        "{e}"
    );
    let e = refused("baddate.json", &edit("2023-03-19", "2023-02-30"), &[]);
    assert!(e.contains("election.date"), "{e}");
}

#[test]
fn options_that_do_not_apply() {
    let p = file(
        "president.json",
        include_str!("../../../../fixtures/official/2022-11-20-presidential.json"),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(["results", p.to_str().unwrap(), "--seats", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seats applies to party-list contests"));
    let p = file("edition.json", GOOD);
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(["results", p.to_str().unwrap(), "--edition", "mazhilis-1066"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("--edition: unknown edition \"mazhilis-1066\"; known: president-1995"),
        "{e}"
    );
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(["results", "/nonexistent/x.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/x.json: cannot read"));
}

#[test]
fn an_unwritable_output_is_exit_3_and_a_closed_pipe_is_no_panic() {
    let full = std::fs::File::create("/dev/full").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .arg("official")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the output"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .arg("official")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is read
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

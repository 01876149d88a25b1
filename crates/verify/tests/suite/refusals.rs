//! What the verifier cannot read is an error, not a verdict (docs/bad-input.md §4.4, E4 and
//! E21): an unknown or missing field or malformed hex in a station's record, and an election
//! record's decisions file without its results file.

use crate::common::*;
use sailau_verify::election::folder;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Edits election.json as JSON, keeping its canonical form.
fn edit_election(f: &mut [Vec<u8>; 3], edit: impl FnOnce(&mut Value)) {
    let mut e: Value = serde_json::from_slice(&f[0]).unwrap();
    edit(&mut e);
    f[0] = (serde_json::to_string_pretty(&e).unwrap() + "\n").into_bytes();
}

/// The record is unreadable, by `file`, for a reason with these words: no report is made.
fn assert_unreadable(f: &[Vec<u8>; 3], file: &str, words: &[&str]) {
    for one_by_one in [false, true] {
        match run(f, one_by_one) {
            Ok(r) => panic!(
                "a report of {} checks on a record that does not read",
                r.checks.len()
            ),
            Err(e) => {
                assert_eq!(e.file, file, "{e}");
                for w in words {
                    assert!(e.reason.contains(w), "{e} lacks {w:?}");
                }
            }
        }
    }
}

#[test]
fn a_station_record_with_an_unknown_or_missing_field_or_malformed_hex_is_unreadable() {
    let s = small(2, 4);
    let good = record_of(&s, &s.ballots, false);
    assert!(failed_both_ways(&good).is_empty());

    // An unknown field, in each file.
    let mut f = good.clone();
    edit_election(&mut f, |e| e["manifest"]["comment"] = json!("x"));
    assert_unreadable(&f, "election.json", &["unknown field `comment`"]);
    let mut f = good.clone();
    edit_ballot(&mut f, 2, |b| b["note"] = json!(1));
    assert_unreadable(&f, "ballots.jsonl:2", &["unknown field `note`"]);
    let mut f = good.clone();
    edit_tally(&mut f, |t| {
        t["contests"][0]["options"][0]["votes"] = json!(3)
    });
    assert_unreadable(&f, "tally.json", &["unknown field `votes`"]);

    // A missing field, in each file.
    let mut f = good.clone();
    edit_election(&mut f, |e| {
        e.as_object_mut().unwrap().remove("public_key");
    });
    assert_unreadable(&f, "election.json", &["missing field `public_key`"]);
    let mut f = good.clone();
    edit_ballot(&mut f, 1, |b| {
        b.as_object_mut().unwrap().remove("code");
    });
    assert_unreadable(&f, "ballots.jsonl:1", &["missing field `code`"]);
    let mut f = good.clone();
    edit_tally(&mut f, |t| {
        t.as_object_mut().unwrap().remove("challenged");
    });
    assert_unreadable(&f, "tally.json", &["missing field `challenged`"]);

    // Malformed hex: capitals, a letter that is no digit, a digit short.
    let upper = |v: &Value| json!(v.as_str().unwrap().to_uppercase());
    let mut f = good.clone();
    edit_election(&mut f, |e| e["public_key"] = upper(&e["public_key"]));
    assert_unreadable(&f, "election.json", &["not a lowercase hexadecimal digit"]);
    let mut f = good.clone();
    edit_ballot(&mut f, 1, |b| {
        let prev = b["prev"].as_str().unwrap();
        b["prev"] = json!(format!("g{}", &prev[1..]));
    });
    assert_unreadable(
        &f,
        "ballots.jsonl:1",
        &["'g' is not a lowercase hexadecimal digit"],
    );
    let mut f = good.clone();
    edit_tally(&mut f, |t| {
        let alpha = t["contests"][0]["options"][0]["alpha"].as_str().unwrap();
        t["contests"][0]["options"][0]["alpha"] = json!(&alpha[2..]);
    });
    assert_unreadable(
        &f,
        "tally.json",
        &["expected 64 lowercase hexadecimal digits, found 62"],
    );
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let dir = std::env::temp_dir().join(format!(
            "sailau-verify-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Folder(dir)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn an_election_record_with_decisions_but_no_results_file_is_unreadable() {
    let s = small(2, 4);
    let f = record_of(&s, &s.ballots, false);
    let dir = Folder::new("decisions");
    let d = &dir.0;
    // One station's record, and the files of the election above it: the reader opens them
    // whole, and the checks judge them later.
    let p = d.join("precincts").join("p-00001");
    write(&p.join("ballots.jsonl"), &f[1]);
    write(&p.join("tally.json"), &f[2]);
    write(&p.join("protocol.json"), b"{}\n");
    write(&d.join("election.json"), &f[0]);
    for name in ["definition.json", "stations.json", "national.json"] {
        write(&d.join(name), b"{}\n");
    }
    let results = include_bytes!("../../../../fixtures/official/2023-03-19-mazhilis.json");
    write(&d.join("results").join("mazhilis.json"), results);
    write(&d.join("results").join("mazhilis-decided.json"), b"{}\n");
    assert!(folder::is_election(d));
    let record = folder::open(d).expect("the whole record opens");
    assert_eq!(record.precincts().collect::<Vec<_>>(), ["p-00001"]);

    std::fs::remove_file(d.join("results").join("mazhilis.json")).unwrap();
    let e = match folder::open(d) {
        Ok(_) => panic!("a record with decisions and no results file was opened"),
        Err(e) => e,
    };
    assert!(e.file.ends_with("mazhilis-decided.json"), "{e}");
    assert!(
        e.reason.contains("it has decisions but no mazhilis.json"),
        "{e}"
    );
    assert!(folder::load(d).is_err());
}

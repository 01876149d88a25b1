//! The definition is bound to the whole record: whoever publishes the record cannot relabel
//! who won. Every edit an observer could make to `definition.json` (a party's name, the
//! candidate behind a ballot line, a birth date, a council's seats, a region's name, any one
//! byte) fails `sailau verify`, naming the check and the file; so does a change of any byte of
//! any published file.

use crate::common::{published, sailau};
use rayon::prelude::*;
use sailau_verify::election::{verify_election, ElectionFiles, StationFiles};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fresh(name: &str) -> PathBuf {
    crate::common::fresh("binding", name)
}

/// A small election's record: two precincts (one abroad), every kind of contest.
fn record(name: &str, voters: &str, precincts: &str, electronic: &str) -> PathBuf {
    let dir = fresh(name);
    let out = sailau(&[
        "demo",
        "--voters",
        voters,
        "--precincts",
        precincts,
        "--electronic",
        electronic,
        "--seed",
        "11",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn verify(dir: &Path) -> (Option<i32>, String) {
    let v = sailau(&["verify", dir.to_str().unwrap()]);
    (
        v.status.code(),
        String::from_utf8_lossy(&v.stdout).into_owned(),
    )
}

/// Rewrites `definition.json` after `edit`, as pretty JSON: the canonical form, so that
/// only the edit itself differs.
fn edit_definition(dir: &Path, edit: impl FnOnce(&mut Value)) -> String {
    let path = dir.join("definition.json");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut v: Value = serde_json::from_str(&original).unwrap();
    edit(&mut v);
    let edited = serde_json::to_string_pretty(&v).unwrap() + "\n";
    assert_ne!(edited, original, "the edit changed nothing");
    std::fs::write(&path, edited).unwrap();
    original
}

/// The failures listed under a check in the verifier's report.
fn failures_of(report: &str, check: u32) -> Vec<String> {
    let head = format!("[FAIL] {check}.");
    let Some(at) = report.find(&head) else {
        return Vec::new();
    };
    report[at..]
        .lines()
        .skip(1)
        .take_while(|l| l.trim_start().starts_with("- "))
        .map(|l| l.trim_start()[2..].to_string())
        .collect()
}

fn option_candidate<'v>(v: &'v mut Value, contest_kind: &str) -> &'v mut Value {
    let c = v["contests"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["kind"] == contest_kind)
        .unwrap();
    &mut c["options"][0]["candidate"]
}

#[test]
fn every_relabelling_of_the_definition_fails_by_name() {
    let dir = record("relabel", "600", "3", "30");
    let (code, report) = verify(&dir);
    assert_eq!(code, Some(0), "{report}");

    type Edit = fn(&mut Value);
    let edits: [(&str, Edit); 7] = [
        ("swap the names of two parties", |v| {
            let p = v["parties"].as_array_mut().unwrap();
            let (a, b) = (p[0]["name"].clone(), p[1]["name"].clone());
            p[0]["name"] = b;
            p[1]["name"] = a;
        }),
        ("point a district's cand-1 at another candidate", |v| {
            let other = v["candidates"][0]["id"].clone();
            let option = option_candidate(v, "smd");
            assert_ne!(*option, other);
            *option = other;
        }),
        ("rename a candidate", |v| {
            v["candidates"][3]["name"] = "Иванов Иван".into();
        }),
        ("change a candidate's birth date", |v| {
            v["candidates"][3]["birth_date"] = "1970-01-02".into();
        }),
        ("add a seat to a maslikhat list contest", |v| {
            let c = v["contests"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|c| c["kind"] == "party-list" && c["body"] == "maslikhat")
                .unwrap();
            let seats = c["seats"].as_u64().unwrap();
            c["seats"] = (seats + 1).into();
        }),
        ("rename a region", |v| {
            let u = v["units"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|u| u["kind"] == "city" || u["kind"] == "region")
                .unwrap();
            u["name"]["en"] = "Akmolinsk".into();
        }),
        ("change a guardian's name", |v| {
            v["guardians"]["members"][0]["name"] = "Someone Else".into();
        }),
    ];
    for (what, edit) in edits {
        let original = edit_definition(&dir, edit);
        let (code, report) = verify(&dir);
        assert_eq!(code, Some(1), "{what}: {report}");
        let named = failures_of(&report, 24);
        assert!(
            named
                .iter()
                .any(|f| f.starts_with("definition.json: its SHA-256 is")),
            "{what}: check 24 names definition.json: {report}"
        );
        assert!(
            named
                .iter()
                .any(|f| f.contains("protocol.json and") && f.contains("other protocols name")),
            "{what}: the protocols name the definition they were counted with: {report}"
        );
        std::fs::write(dir.join("definition.json"), original).unwrap();
    }

    // One byte of a candidate's record, in place: the file is no longer the one hashed.
    let path = dir.join("definition.json");
    let original = std::fs::read(&path).unwrap();
    let at = original.windows(8).position(|w| w == b"c-00002\"").unwrap();
    let mut bytes = original.clone();
    bytes[at + 6] = b'3';
    std::fs::write(&path, &bytes).unwrap();
    let (code, report) = verify(&dir);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("[FAIL] 24."), "{report}");
    std::fs::write(&path, &original).unwrap();

    // The publisher relabels and also writes the new digest into election.json: the base
    // hash no longer holds, nor the guardians' proofs and every ballot's, which bind it.
    let digest = |bytes: &[u8]| {
        use sha2::Digest;
        sailau_group::to_hex(&sha2::Sha256::digest(bytes))
    };
    let old = digest(&original);
    edit_definition(&dir, |v| {
        v["parties"][0]["name"]["en"] = "Another Party".into();
    });
    let new = digest(&std::fs::read(&path).unwrap());
    let election = dir.join("election.json");
    let saved = std::fs::read_to_string(&election).unwrap();
    assert!(saved.contains(&old));
    std::fs::write(&election, saved.replace(&old, &new)).unwrap();
    let (code, report) = verify(&dir);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("check 3 failed"), "{report}");
    assert!(
        failures_of(&report, 24)
            .iter()
            .any(|f| f.starts_with("election.json: check 3:")),
        "{report}"
    );
    std::fs::write(&election, saved).unwrap();
    std::fs::write(&path, &original).unwrap();

    // A protocol printed with another definition is refused, not relabelled.
    edit_definition(&dir, |v| {
        v["parties"][0]["name"]["en"] = "Another Party".into();
    });
    let print = sailau(&[
        "protocol",
        "print",
        dir.join("precincts/p-00001/protocol.json")
            .to_str()
            .unwrap(),
        "--definition",
        path.to_str().unwrap(),
    ]);
    assert_eq!(print.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&print.stderr).contains("names the definition"));
    std::fs::write(&path, &original).unwrap();
    let (code, report) = verify(&dir);
    assert_eq!(code, Some(0), "restored: {report}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The record's files as the verifier takes them.
fn election_files(files: &[(String, Vec<u8>)]) -> ElectionFiles<'_> {
    let get = |name: &str| -> &[u8] { &files.iter().find(|(n, _)| n == name).unwrap().1 };
    let mut precincts = Vec::new();
    let mut territorial = Vec::new();
    let mut results = Vec::new();
    for (name, bytes) in files {
        if let Some(id) = name
            .strip_prefix("precincts/")
            .and_then(|r| r.strip_suffix("/protocol.json"))
        {
            precincts.push(StationFiles {
                precinct: id.to_string(),
                ballots: get(&format!("precincts/{id}/ballots.bin")),
                tally: get(&format!("precincts/{id}/tally.json")),
                protocol: bytes,
            });
        } else if let Some(unit) = name
            .strip_prefix("territorial/")
            .and_then(|r| r.strip_suffix(".json"))
        {
            territorial.push((unit.to_string(), bytes.as_slice()));
        } else if let Some(body) = name
            .strip_prefix("results/")
            .and_then(|r| r.strip_suffix(".json"))
            .filter(|b| !b.ends_with("-decided"))
        {
            results.push((
                body.to_string(),
                bytes.as_slice(),
                get(&format!("results/{body}-decided.json")),
            ));
        }
    }
    ElectionFiles {
        definition: get("definition.json"),
        election: get("election.json"),
        stations: get("stations.json"),
        precincts,
        territorial,
        national: get("national.json"),
        results,
    }
}

/// The bytes of a file that the test changes, a sample that reaches every field of every
/// file (changing every byte would take hours): its first and last bytes; the middle of
/// every line of the summary files, of every third line of the tallies and the decisions
/// and of every 13th of the definition (strides prime to the files' repeating shapes); in a
/// ballot's line, every 499th byte too; and every byte of one candidate's record. Of a
/// compact ballot log, its first 160 bytes and every 97th.
///
/// `SAILAU_EVERY_BYTE=1` changes every byte instead: about an hour on two cores.
fn sample(name: &str, bytes: &[u8]) -> Vec<usize> {
    if std::env::var_os("SAILAU_EVERY_BYTE").is_some_and(|v| v == "1") {
        return (0..bytes.len()).collect();
    }
    let stride = if name.ends_with("tally.json") || name.ends_with("-decided.json") {
        3
    } else if name == "definition.json" {
        13
    } else {
        1
    };
    let mut at = vec![0, bytes.len() - 1];
    if name.ends_with("ballots.bin") {
        // Binary: its header and first entry's fixed fields byte by byte, then every 97th.
        at.extend(0..bytes.len().min(160));
        at.extend((0..bytes.len()).step_by(97));
        at.sort();
        at.dedup();
        return at;
    }
    let mut start = 0;
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            let line = start..i;
            if n % stride == 0 {
                at.push(line.start + line.len() / 2);
            }
            if line.len() > 1_000 {
                at.extend(line.clone().step_by(499));
            }
            start = i + 1;
            n += 1;
        }
    }
    if name == "definition.json" {
        let text = std::str::from_utf8(bytes).unwrap();
        let from = text.find("\"id\": \"c-00002\"").unwrap();
        let from = text[..from].rfind('{').unwrap();
        let to = from + text[from..].find('}').unwrap();
        at.extend(from..=to);
    }
    at.sort();
    at.dedup();
    at
}

#[test]
fn changing_any_byte_of_the_published_record_fails_verification() {
    let dir = record("bytes", "30", "2", "50");
    let files = published(&dir);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    // The verifier's own reader reads every published file, and no other.
    let loaded = sailau_verify::election::folder::load(&dir).unwrap();
    assert_eq!(loaded.paths(), names);
    assert!(names.contains(&"definition.json") && names.contains(&"stations.json"));
    assert!(
        names.iter().filter(|n| n.ends_with("ballots.bin")).count() == 2,
        "{names:?}"
    );
    let opts = sailau_verify::Options::default();
    assert!(verify_election(&election_files(&files), &opts, &|_| {}).passed());

    let flips: Vec<(usize, usize)> = files
        .iter()
        .enumerate()
        .filter(|(_, (_, bytes))| !bytes.is_empty())
        .flat_map(|(f, (name, bytes))| sample(name, bytes).into_iter().map(move |at| (f, at)))
        .collect();
    assert!(flips.len() > 1_500, "{} bytes changed", flips.len());
    eprintln!(
        "changing {} of the record's {} bytes, one at a time",
        flips.len(),
        files.iter().map(|(_, b)| b.len()).sum::<usize>()
    );
    let passed: Vec<String> = flips
        .par_iter()
        .filter_map(|&(f, at)| {
            let mut changed = files.clone();
            changed[f].1[at] ^= 0x01;
            let report = verify_election(&election_files(&changed), &opts, &|_| {});
            report.passed().then(|| format!("{} byte {at}", files[f].0))
        })
        .collect();
    assert!(
        passed.is_empty(),
        "changes that verified: {passed:?} (of {})",
        flips.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

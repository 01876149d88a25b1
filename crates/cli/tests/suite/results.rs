//! `sailau results` as scripts use it: golden results on official data, the JSON contract,
//! what-ifs and `--check`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn sailau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .output()
        .expect("sailau runs")
}

fn json(args: &[&str]) -> Value {
    let out = sailau(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

fn seats(contest: &Value) -> Vec<(String, u64)> {
    contest["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["id"].as_str().unwrap().to_string(),
                o["seats"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

const MAZHILIS_2023: &str = "fixtures/official/2023-03-19-mazhilis.json";
const PRESIDENT_2022: &str = "fixtures/official/2022-11-20-presidential.json";

#[test]
fn the_2023_mazhilis_list_seats_are_the_cec_s() {
    let out = json(&["results", repo(MAZHILIS_2023).to_str().unwrap(), "--json"]);
    let c = &out["contests"][0];
    assert_eq!(c["kind"], "party-list");
    assert_eq!(c["edition"], "mazhilis-2022");
    assert_eq!(c["outcome"], "allocated");
    assert_eq!(
        seats(c),
        pairs(&[
            ("amanat", 40),
            ("auyl", 8),
            ("respublica", 6),
            ("ak-zhol", 6),
            ("peoples", 5),
            ("nsdp", 4),
            ("baytaq", 0)
        ])
    );
    // Shares as the CEC published them (of parties' votes + "against all").
    let shares: Vec<String> = c["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["share"].to_string())
        .collect();
    assert_eq!(
        shares,
        ["53.90", "10.90", "8.59", "8.41", "6.80", "5.20", "2.30"]
    );
    assert_eq!(c["options"][6]["passed"], false);
    assert_eq!(c["options"][5]["passed"], true);
    assert_eq!(c["against_all"]["share"].to_string(), "3.90");
}

#[test]
fn the_2022_president_is_elected_with_81_31_percent() {
    let out = json(&["results", repo(PRESIDENT_2022).to_str().unwrap(), "--json"]);
    let c = &out["contests"][0];
    assert_eq!(c["outcome"], "elected");
    assert_eq!(c["winner"], "tokayev");
    assert_eq!(c["edition"], "president-2021");
    assert_eq!(c["options"][0]["share"].to_string(), "81.31");
    assert_eq!(c["base"], 7_940_477);
    assert!(c.get("runoff").is_none());
    assert!(
        c["options"][0]["seats"].is_null(),
        "seats are for party lists"
    );
}

#[test]
fn the_certificate_shows_quota_and_remainder_order() {
    let out = json(&["results", repo(MAZHILIS_2023).to_str().unwrap(), "--json"]);
    let steps = out["contests"][0]["certificate"]["steps"]
        .as_array()
        .unwrap();
    let quota = steps.iter().find(|s| s["step"] == "quota").unwrap();
    // 5,971,719 votes of the six passing parties over 69 seats.
    assert_eq!(quota["votes"], 5_971_719);
    assert_eq!(quota["quota"]["num"], "1990573");
    assert_eq!(quota["quota"]["den"], "23");
    let rem = steps.iter().find(|s| s["step"] == "remainders").unwrap();
    assert_eq!(rem["awarded"], serde_json::json!(["nsdp", "amanat"]));
    let text =
        String::from_utf8(sailau(&["results", repo(MAZHILIS_2023).to_str().unwrap()]).stdout)
            .unwrap();
    assert!(text.contains("Hare quota = 5971719 / 69"), "{text}");
}

#[test]
fn every_official_and_public_record_file_checks() {
    let mut files = vec![repo(MAZHILIS_2023), repo(PRESIDENT_2022)];
    for entry in std::fs::read_dir(repo("fixtures/public")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "json") {
            files.push(p);
        }
    }
    assert!(files.len() >= 14, "the public record fixtures are present");
    for f in files {
        let out = sailau(&["results", f.to_str().unwrap(), "--check"]);
        assert!(
            out.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn check_names_each_difference_and_exits_1() {
    let dir = tempdir();
    let text = std::fs::read_to_string(repo(MAZHILIS_2023))
        .unwrap()
        .replace("\"amanat\": 40", "\"amanat\": 41");
    let file = dir.join("wrong.json");
    std::fs::write(&file, text).unwrap();
    let out = sailau(&["results", file.to_str().unwrap(), "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("amanat has 40 seats, expected 41"), "{err}");
}

#[test]
fn a_higher_threshold_what_if_drops_two_parties() {
    // At 7%, People's Party (6.80%) and NSDP (5.20%) fall out; seats computed by hand from the
    // quota 5,207,741 / 69.
    let f = repo(MAZHILIS_2023);
    let out = json(&["results", f.to_str().unwrap(), "--json", "--threshold", "7"]);
    let c = &out["contests"][0];
    assert_eq!(
        seats(c),
        pairs(&[
            ("amanat", 46),
            ("auyl", 9),
            ("respublica", 7),
            ("ak-zhol", 7),
            ("peoples", 0),
            ("nsdp", 0),
            ("baytaq", 0)
        ])
    );
    assert_eq!(c["what_if"], true);
    // --check against the official seats must now fail.
    assert_eq!(
        sailau(&[
            "results",
            f.to_str().unwrap(),
            "--threshold",
            "7",
            "--check"
        ])
        .status
        .code(),
        Some(1)
    );
}

#[test]
fn seats_and_edition_what_ifs() {
    let f = repo(MAZHILIS_2023);
    let out = json(&["results", f.to_str().unwrap(), "--json", "--seats", "145"]);
    assert_eq!(
        seats(&out["contests"][0]),
        pairs(&[
            ("amanat", 83),
            ("auyl", 17),
            ("respublica", 13),
            ("ak-zhol", 13),
            ("peoples", 11),
            ("nsdp", 8),
            ("baytaq", 0)
        ])
    );
    // The 2021 edition: 98 list seats, 5%, "against all" on the ballot.
    let out = json(&[
        "results",
        f.to_str().unwrap(),
        "--json",
        "--edition",
        "mazhilis-2021",
    ]);
    assert_eq!(out["contests"][0]["edition"], "mazhilis-2021");
    assert_eq!(
        seats(&out["contests"][0]),
        pairs(&[
            ("amanat", 56),
            ("auyl", 11),
            ("respublica", 9),
            ("ak-zhol", 9),
            ("peoples", 7),
            ("nsdp", 6),
            ("baytaq", 0)
        ])
    );
    // 2007 had no "against all": the file's count cannot be judged by it.
    let out = sailau(&["results", f.to_str().unwrap(), "--edition", "mazhilis-2007"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("contests[0].against_all"));
}

#[test]
fn official_prints_both_official_results_and_their_checks() {
    let out = sailau(&["official"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("elected: tokayev"), "{text}");
    assert!(text.contains(
        "69 seats allocated: amanat 40, auyl 8, respublica 6, ak-zhol 6, peoples 5, nsdp 4"
    ));
    assert_eq!(text.matches("matches the official result").count(), 2);
    assert!(text.contains("Certificate for contest party-list"));
    // The encrypted election, verified.
    assert!(text.contains("960 cast and 40 challenged"), "{text}");
    assert!(text.contains("Verifier: 15 of 15 checks passed"), "{text}");
}

#[test]
fn editions_lists_every_body() {
    let text = String::from_utf8(sailau(&["editions"]).stdout).unwrap();
    for id in [
        "president-2021",
        "mazhilis-2022",
        "kurultai-2026",
        "senate-1995",
        "maslikhat-2022",
        "rural-akim-2021",
        "referendum-1995",
    ] {
        assert!(text.contains(id), "{id} missing");
    }
}

/// A fresh directory under the target dir, removed on the next run.
fn tempdir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("t{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

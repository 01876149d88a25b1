//! `sailau export nist-err RECORD`: the precinct-level NIST SP 1500-100 v2 ElectionReport of
//! a demo record. Every precinct and unit is a ReportingUnit; every selection's votes at the
//! precincts add up to the national total; and the report validates against NIST's published
//! JSON schema when `SAILAU_NIST_SCHEMA` names it (`.ci/run` sets it where the schema is at
//! hand; without it this test says it skipped the schema and runs the rest).

use crate::common::{fresh, sailau};
use serde_json::Value;
use std::collections::HashMap;

#[test]
fn the_precinct_level_report_adds_up_and_follows_the_schema() {
    let dir = fresh("export", "record");
    let out = sailau(&[
        "demo",
        "--voters",
        "2000",
        "--precincts",
        "5",
        "--seed",
        "8",
        "--electronic",
        "30",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir.join("nist-err.json");
    let out = sailau(&[
        "export",
        "nist-err",
        dir.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(report["Format"], "precinct-level");

    // Every precinct of the definition is a ReportingUnit of type precinct, under a unit.
    let def: Value =
        serde_json::from_slice(&std::fs::read(dir.join("definition.json")).unwrap()).unwrap();
    let units = report["GpUnit"].as_array().unwrap();
    let precincts: Vec<&Value> = units.iter().filter(|u| u["Type"] == "precinct").collect();
    assert_eq!(precincts.len(), def["precincts"].as_array().unwrap().len());
    for p in &precincts {
        let id = p["@id"].as_str().unwrap();
        assert!(
            units.iter().any(|u| u["ComposingGpUnitIds"]
                .as_array()
                .is_some_and(|c| c.iter().any(|x| x == id))),
            "{id} is in some unit"
        );
    }

    // Each selection's precinct totals add up to its national total, and paper plus
    // electronic is the total at every precinct.
    let mut checked = 0;
    for election in report["Election"].as_array().unwrap() {
        for contest in election["Contest"].as_array().unwrap() {
            for s in contest["ContestSelection"].as_array().unwrap() {
                let counts = s["VoteCounts"].as_array().unwrap();
                let mut by_precinct: HashMap<&str, [u64; 3]> = HashMap::new();
                let mut summary = None;
                for c in counts {
                    let at = c["GpUnitId"].as_str().unwrap();
                    let n = c["Count"].as_u64().unwrap();
                    if !at.starts_with("precinct.") {
                        if c["Type"] == "total" {
                            summary = Some(n);
                        }
                        continue;
                    }
                    let e = by_precinct.entry(at).or_default();
                    match (c["Type"].as_str(), c["OtherType"].as_str()) {
                        (Some("other"), Some("paper")) => e[0] += n,
                        (Some("other"), Some("electronic")) => e[1] += n,
                        (Some("total"), _) => e[2] += n,
                        other => panic!("an unexpected count type {other:?}"),
                    }
                }
                assert!(!by_precinct.is_empty(), "{}", s["@id"]);
                assert!(by_precinct.values().all(|[p, e, t]| p + e == *t));
                let total: u64 = by_precinct.values().map(|v| v[2]).sum();
                assert_eq!(Some(total), summary, "{}", s["@id"]);
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "{checked} selections");

    let Some(path) = std::env::var_os("SAILAU_NIST_SCHEMA") else {
        println!("export: NIST schema validation SKIPPED: set SAILAU_NIST_SCHEMA to NIST_V2_election_results_reporting.json to run it");
        return;
    };
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let failures: Vec<String> = validator
        .iter_errors(&report)
        .take(10)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        failures.is_empty(),
        "schema violations:\n{}",
        failures.join("\n")
    );
}

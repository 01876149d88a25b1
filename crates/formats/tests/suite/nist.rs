//! The NIST SP 1500-100 v2 export: what a consumer of the ElectionReport relies on.
//!
//! Validation against NIST's JSON schema runs when `SAILAU_NIST_SCHEMA` names the file
//! `NIST_V2_election_results_reporting.json` (from github.com/usnistgov/ElectionResultsReporting,
//! branch version2); the schema is not kept in this repository. Without it, the structural
//! checks here still run.

use sailau_formats::nist::election_report;
use sailau_formats::{ContestEntry, ResultsFile};
use sailau_law::{decide, editions, Decision, WhatIf};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

const GENERATED: &str = "2023-03-20T12:00:00Z";
const MAZHILIS_2023: &str = include_str!("../../../../fixtures/official/2023-03-19-mazhilis.json");
const PRESIDENTIAL_2022: &str =
    include_str!("../../../../fixtures/official/2022-11-20-presidential.json");

/// A first round nobody wins: 40 + 35 + 25, no majority.
const RUNOFF: &str = r#"{
  "format": "sailau-results/1",
  "election": { "name": "Presidential election (made up)", "kind": "presidential", "date": "2022-11-20" },
  "contests": [{
    "id": "president", "kind": "presidential", "ballots_cast": 110, "invalid": 10,
    "options": [
      { "id": "a", "name": "Candidate A", "registration_order": 1, "votes": 40 },
      { "id": "b", "name": "Candidate B", "registration_order": 2, "votes": 35 },
      { "id": "c", "name": "Candidate C", "registration_order": 3, "votes": 25 }
    ]
  }]
}"#;

/// The second round of the same.
const SECOND_ROUND: &str = r#"{
  "format": "sailau-results/1",
  "election": { "name": "Presidential runoff (made up)", "kind": "presidential", "date": "2022-12-04" },
  "contests": [{
    "id": "president", "kind": "presidential", "round": 2,
    "options": [
      { "id": "a", "name": "Candidate A", "registration_order": 1, "votes": 60 },
      { "id": "b", "name": "Candidate B", "registration_order": 2, "votes": 40 }
    ]
  }]
}"#;

const REFERENDUM: &str = r#"{
  "format": "sailau-results/1",
  "election": { "name": "Constitutional referendum 2022", "kind": "referendum", "date": "2022-06-05" },
  "contests": [{
    "id": "referendum", "kind": "referendum", "registered": 11734642, "ballots_cast": 7985769, "invalid": 205924,
    "options": [
      { "id": "yes", "name": "Yes", "registration_order": 1, "votes": 6163516 },
      { "id": "no", "name": "No", "registration_order": 2, "votes": 1490470 }
    ]
  }]
}"#;

/// A national list and one single-member district, whose contest is not the whole country's.
const WITH_DISTRICT: &str = r#"{
  "format": "sailau-results/1",
  "election": { "name": "Mazhilis election (made up)", "kind": "mazhilis", "date": "2023-03-19" },
  "contests": [
    { "id": "party-list", "kind": "party-list", "seats": 69,
      "options": [
        { "id": "amanat", "name": "AMANAT", "registration_order": 1, "votes": 600 },
        { "id": "auyl", "name": "Auyl", "registration_order": 2, "votes": 400 }
      ] },
    { "id": "smd-1", "kind": "smd", "name": "District 1", "registered": 1000, "ballots_cast": 500, "against_all": 50,
      "options": [
        { "id": "x", "name": "Candidate X", "registration_order": 1, "votes": 250 },
        { "id": "y", "name": "Candidate Y", "registration_order": 2, "votes": 200 }
      ] }
  ]
}"#;

fn parse(text: &str) -> ResultsFile {
    ResultsFile::parse(text).expect("the test file parses")
}

fn report_with(file: &ResultsFile, what_if: &WhatIf) -> Value {
    let edition = editions::in_force(file.body, file.date).expect("an edition is in force");
    let decided: Vec<(&ContestEntry, Decision)> = file
        .contests
        .iter()
        .map(|e| {
            (
                e,
                decide(&e.contest, edition, what_if).expect("the contest is decided"),
            )
        })
        .collect();
    election_report(file, &decided, GENERATED)
}

fn report(text: &str) -> Value {
    report_with(&parse(text), &WhatIf::default())
}

fn election(r: &Value) -> &Value {
    let elections = r["Election"].as_array().expect("Election is an array");
    assert_eq!(elections.len(), 1);
    &elections[0]
}

fn contests(r: &Value) -> &[Value] {
    election(r)["Contest"]
        .as_array()
        .expect("Contest is an array")
}

fn by_id<'a>(r: &'a Value, id: &str) -> &'a Value {
    fn find<'a>(v: &'a Value, id: &str, out: &mut Vec<&'a Value>) {
        if v.get("@id").and_then(Value::as_str) == Some(id) {
            out.push(v);
        }
        match v {
            Value::Array(a) => a.iter().for_each(|x| find(x, id, out)),
            Value::Object(o) => o.values().for_each(|x| find(x, id, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    find(r, id, &mut found);
    assert_eq!(found.len(), 1, "{id} is defined once");
    found[0]
}

fn walk(v: &Value, f: &mut impl FnMut(&Value)) {
    f(v);
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk(x, f)),
        Value::Object(o) => o.values().for_each(|x| walk(x, f)),
        _ => {}
    }
}

/// The `Type: total` count of a selection.
fn total(selection: &Value) -> u64 {
    counts(selection, "total").expect("a total count")
}

fn counts(selection: &Value, kind: &str) -> Option<u64> {
    let all: Vec<u64> = selection["VoteCounts"]
        .as_array()
        .expect("VoteCounts")
        .iter()
        .filter(|c| c["Type"] == kind)
        .map(|c| c["Count"].as_u64().expect("an integer count"))
        .collect();
    assert!(all.len() <= 1, "one {kind} count per selection");
    all.first().copied()
}

fn name(v: &Value) -> &str {
    v["Text"][0]["Content"]
        .as_str()
        .expect("an InternationalizedText")
}

#[test]
fn mazhilis_2023_has_one_party_contest_with_the_files_votes_and_the_official_seats() {
    let file = parse(MAZHILIS_2023);
    let r = report(MAZHILIS_2023);
    assert_eq!(r["Format"], "summary-contest");
    assert_eq!(r["GeneratedDate"], GENERATED);
    assert_eq!(election(&r)["StartDate"], "2023-03-19");
    assert_eq!(election(&r)["EndDate"], "2023-03-19");
    assert_eq!(election(&r)["Type"], "general");

    let cs = contests(&r);
    assert_eq!(cs.len(), 1);
    let c = &cs[0];
    assert_eq!(c["@type"], "ElectionResults.PartyContest");
    assert_eq!(c["VoteVariation"], "proportional");
    assert_eq!(c["ElectionDistrictId"], "country.kz");
    let selections = c["ContestSelection"].as_array().unwrap();
    let parties: Vec<&Value> = selections
        .iter()
        .filter(|s| s["@type"] == "ElectionResults.PartySelection")
        .collect();
    assert_eq!(parties.len(), 7);

    let expected = file.contests[0]
        .expected
        .as_ref()
        .unwrap()
        .seats
        .clone()
        .unwrap();
    let mut seats = BTreeMap::new();
    for (s, option) in parties.iter().zip(&file.contests[0].contest.options) {
        assert_eq!(total(s), option.votes, "{}", option.id);
        let party = by_id(&r, s["PartyIds"][0].as_str().unwrap());
        assert_eq!(name(&party["Name"]), option.name);
        seats.insert(option.id.clone(), counts(s, "seats").unwrap() as u32);
    }
    assert_eq!(seats, expected, "the seats are the CEC's");
    assert_eq!(seats.values().sum::<u32>(), 69);

    // "Against all" is kept, so the selections add up to every valid vote.
    let against: Vec<&Value> = selections
        .iter()
        .filter(|s| s["@type"] == "ElectionResults.BallotMeasureSelection")
        .collect();
    assert_eq!(against.len(), 1);
    assert_eq!(name(&against[0]["Selection"]), "Against all");
    assert_eq!(total(against[0]), 248291);

    let ballots = &election(&r)["BallotCounts"][0];
    assert_eq!(ballots["GpUnitId"], "country.kz");
    assert_eq!(ballots["BallotsCast"], 6524487);
    assert_eq!(ballots["BallotsRejected"], 158046);
    assert_eq!(by_id(&r, "country.kz")["VotersRegistered"], 12035578);
    assert!(r["Notes"].as_str().unwrap().contains("69 seats at stake"));
}

#[test]
fn presidential_2022_marks_tokayev_the_winner_and_the_rest_defeated() {
    let r = report(PRESIDENTIAL_2022);
    let c = &contests(&r)[0];
    assert_eq!(c["@type"], "ElectionResults.CandidateContest");
    assert_eq!(c["VotesAllowed"], 1);
    assert_eq!(c["NumberElected"], 1);
    let mut status = BTreeMap::new();
    for s in c["ContestSelection"].as_array().unwrap() {
        if s["@type"] != "ElectionResults.CandidateSelection" {
            continue;
        }
        let candidate = by_id(&r, s["CandidateIds"][0].as_str().unwrap());
        status.insert(
            name(&candidate["BallotName"]).to_string(),
            candidate["PostElectionStatus"].as_str().unwrap(),
        );
    }
    assert_eq!(status.len(), 6);
    assert_eq!(status["Kassym-Jomart Tokayev"], "winner");
    assert_eq!(status.values().filter(|s| **s == "defeated").count(), 5);
    let tokayev = &c["ContestSelection"][0];
    assert_eq!(total(tokayev), 6456392);
    assert_eq!(r["Status"], "unofficial-complete");
    assert!(r.get("IsTest").is_none(), "no what-if, no test flag");
}

#[test]
fn a_first_round_without_a_majority_sends_the_top_two_to_a_runoff() {
    let r = report(RUNOFF);
    let c = &contests(&r)[0];
    assert_eq!(c["NumberRunoff"], 2);
    let status = |id: &str| {
        by_id(&r, id)["PostElectionStatus"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("candidate.president.a"), "advanced-to-runoff");
    assert_eq!(status("candidate.president.b"), "advanced-to-runoff");
    assert_eq!(status("candidate.president.c"), "defeated");
    assert_eq!(election(&r)["Type"], "general");

    let second = report(SECOND_ROUND);
    assert_eq!(election(&second)["Type"], "runoff");
    assert_eq!(
        by_id(&second, "candidate.president.a")["PostElectionStatus"],
        "winner"
    );
}

#[test]
fn a_referendum_is_a_ballot_measure_with_yes_and_no() {
    let r = report(REFERENDUM);
    let c = &contests(&r)[0];
    assert_eq!(c["@type"], "ElectionResults.BallotMeasureContest");
    assert_eq!(c["Type"], "referendum");
    let selections = c["ContestSelection"].as_array().unwrap();
    let answers: Vec<(&str, u64)> = selections
        .iter()
        .map(|s| (name(&s["Selection"]), total(s)))
        .collect();
    assert_eq!(answers, [("Yes", 6163516), ("No", 1490470)]);
    assert!(election(&r).get("Candidate").is_none() && r.get("Party").is_none());
    assert!(
        r["Notes"]
            .as_str()
            .unwrap()
            .contains("Contest referendum: adopted"),
        "the schema has no outcome field"
    );
}

#[test]
fn a_district_contest_is_counted_at_its_district_not_the_country() {
    let r = report(WITH_DISTRICT);
    let smd = by_id(&r, "contest.smd-1");
    assert_eq!(smd["ElectionDistrictId"], "district.smd-1");
    assert_eq!(smd["Name"], "District 1");
    assert_eq!(smd["VoteVariation"], "plurality");
    for s in smd["ContestSelection"].as_array().unwrap() {
        assert!(s["VoteCounts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["GpUnitId"] == "district.smd-1"));
    }
    let district = by_id(&r, "district.smd-1");
    assert_eq!(district["Type"], "other");
    assert_eq!(district["VotersRegistered"], 1000);
    assert_eq!(
        by_id(&r, "country.kz")["ComposingGpUnitIds"],
        serde_json::json!(["district.smd-1"])
    );
    assert_eq!(
        by_id(&r, "contest.party-list")["ElectionDistrictId"],
        "country.kz"
    );
    assert_eq!(
        by_id(&r, "candidate.smd-1.x")["PostElectionStatus"],
        "winner"
    );
}

#[test]
fn a_what_if_report_is_flagged_as_a_test() {
    let file = parse(MAZHILIS_2023);
    let r = report_with(
        &file,
        &WhatIf {
            seats: Some(100),
            ..WhatIf::default()
        },
    );
    assert_eq!(r["IsTest"], true);
    assert!(r["TestType"]
        .as_str()
        .unwrap()
        .starts_with("what-if: 100 seats"));
    assert_eq!(r["Status"], "unofficial-complete");
}

/// Every class ERR v2 defines (the schema's object definitions).
const TYPES: [&str; 40] = [
    "AnnotatedString",
    "AnnotatedUri",
    "BallotCounts",
    "BallotMeasureContest",
    "BallotMeasureSelection",
    "BallotStyle",
    "Candidate",
    "CandidateContest",
    "CandidateSelection",
    "Coalition",
    "ContactInformation",
    "CountStatus",
    "DeviceClass",
    "Election",
    "ElectionAdministration",
    "ElectionReport",
    "ExternalIdentifier",
    "Header",
    "Hours",
    "InternationalizedText",
    "LanguageString",
    "LatLng",
    "Office",
    "OfficeGroup",
    "OrderedContest",
    "OrderedHeader",
    "OtherCounts",
    "Party",
    "PartyContest",
    "PartyRegistration",
    "PartySelection",
    "Person",
    "ReportingDevice",
    "ReportingUnit",
    "RetentionContest",
    "Schedule",
    "SpatialDimension",
    "SpatialExtent",
    "Term",
    "VoteCounts",
];

/// Checks that need no schema: unique ids, resolvable references, known types, integer counts.
fn structurally_sound(label: &str, r: &Value) {
    let mut ids = HashSet::new();
    let mut refs = Vec::new();
    walk(r, &mut |v| {
        let Value::Object(o) = v else {
            if let Value::Number(n) = v {
                assert!(n.is_u64(), "{label}: {n} is not a non-negative integer");
            }
            return;
        };
        let t = o
            .get("@type")
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{label}: an object without @type"));
        let class = t.strip_prefix("ElectionResults.").unwrap_or("");
        assert!(
            TYPES.contains(&class),
            "{label}: {t} is not an ERR v2 class"
        );
        if let Some(id) = o.get("@id") {
            let id = id.as_str().unwrap().to_string();
            let ncname = id.starts_with(|c: char| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
            assert!(ncname, "{label}: {id} is not an xsd:ID");
            assert!(ids.insert(id.clone()), "{label}: {id} is defined twice");
        }
        for (k, v) in o {
            if k == "VendorApplicationId" {
                continue;
            }
            if k.ends_with("Id") {
                refs.push(v.as_str().unwrap().to_string());
            } else if k.ends_with("Ids") {
                refs.extend(
                    v.as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().to_string()),
                );
            }
        }
    });
    assert!(!refs.is_empty());
    for id in refs {
        assert!(
            ids.contains(&id),
            "{label}: {id} is referenced but not defined"
        );
    }
}

fn all_reports() -> Vec<(&'static str, Value)> {
    let mazhilis = parse(MAZHILIS_2023);
    vec![
        ("2023 Mazhilis", report(MAZHILIS_2023)),
        ("2022 presidential", report(PRESIDENTIAL_2022)),
        ("runoff", report(RUNOFF)),
        ("second round", report(SECOND_ROUND)),
        ("referendum", report(REFERENDUM)),
        ("district", report(WITH_DISTRICT)),
        (
            "what-if",
            report_with(
                &mazhilis,
                &WhatIf {
                    seats: Some(100),
                    ..WhatIf::default()
                },
            ),
        ),
    ]
}

#[test]
fn every_report_is_sound_and_valid_against_the_nist_schema_when_given() {
    let reports = all_reports();
    for (label, r) in &reports {
        structurally_sound(label, r);
    }
    let Some(path) = std::env::var_os("SAILAU_NIST_SCHEMA") else {
        println!("nist: structural checks only; set SAILAU_NIST_SCHEMA to the NIST ERR v2 JSON schema to validate");
        return;
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.to_string_lossy()));
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let mut failures = Vec::new();
    for (label, r) in &reports {
        failures.extend(
            validator
                .iter_errors(r)
                .map(|e| format!("{label}: {}: {e}", e.instance_path())),
        );
    }
    assert!(
        failures.is_empty(),
        "schema violations:\n{}",
        failures.join("\n")
    );
    // The validator is not vacuous: it refuses a status the spec does not define, and a
    // candidate contest without the VotesAllowed it requires.
    let mut bad = reports[1].1.clone();
    bad["Status"] = "final".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = reports[1].1.clone();
    bad["Election"][0]["Contest"][0]
        .as_object_mut()
        .unwrap()
        .remove("VotesAllowed");
    assert!(!validator.is_valid(&bad));
    println!(
        "nist: {} reports valid against {}",
        reports.len(),
        path.to_string_lossy()
    );
}

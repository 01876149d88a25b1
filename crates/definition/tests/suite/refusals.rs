//! The definition's refusals that docs/bad-input.md §4.2 lists as F3 and F19–F34: each bad
//! definition is a sample that checks, with one thing changed, and the problem is named by its
//! path.

use crate::check::{assert_problem, problems, sample_def};
use sailau_definition::sample::{presidential::presidential_2022, referendum::referendum_2022};
use sailau_definition::{Body, Definition, District, Guardian, GuardianRole, Names};

#[test]
fn a_definition_that_is_not_json_or_has_a_field_of_the_wrong_type_is_not_read() {
    let json = sample_def(3).to_json();
    assert!(Definition::from_json(&json).is_ok());

    // Not JSON: cut short, empty, or something else.
    let half = json.as_bytes()[..json.len() / 2]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap();
    let e = Definition::from_json(&json[..half]).unwrap_err();
    assert!(e.message.contains("EOF while parsing"), "{e}");
    let e = Definition::from_json("").unwrap_err();
    assert!(e.message.contains("EOF while parsing"), "{e}");
    let e = Definition::from_json("<definition/>").unwrap_err();
    assert!(e.message.contains("expected value"), "{e}");

    // A field of the wrong type, named by its path.
    let text = json.replacen(
        "\"registration_order\": 1\n",
        "\"registration_order\": \"1\"\n",
        1,
    );
    assert!(text != json, "the change was made");
    let e = Definition::from_json(&text).unwrap_err();
    assert_eq!(e.path, "parties[0].registration_order", "{e}");
    assert!(e.message.contains("invalid type: string"), "{e}");

    let text = json.replacen("\"abroad\": false", "\"abroad\": \"no\"", 1);
    assert!(text != json, "the change was made");
    let e = Definition::from_json(&text).unwrap_err();
    assert_eq!(e.path, "precincts[0].abroad", "{e}");
    assert!(e.message.contains("expected a boolean"), "{e}");

    let text = json.replacen("\"quorum\": 3", "\"quorum\": -3", 1);
    assert!(text != json, "the change was made");
    let e = Definition::from_json(&text).unwrap_err();
    assert_eq!(e.path, "guardians.quorum", "{e}");
    assert!(e.message.contains("invalid value: integer `-3`"), "{e}");
}

#[test]
fn an_election_id_that_is_not_an_id_or_a_body_listed_twice_is_named() {
    for bad in ["Sample 2023", "", "sample/2023", &"x".repeat(65)] {
        let mut d = sample_def(3);
        d.election.id = bad.to_string();
        assert_problem(d, "election.id", "use 1-64 lowercase letters");
    }
    let mut d = sample_def(3);
    d.election.bodies.push(Body::Mazhilis);
    assert_problem(d, "election.bodies[2]", "\"mazhilis\" is listed twice");
}

#[test]
fn a_district_without_its_region_or_a_parent_on_another_unit_is_named() {
    // units: astana (city), astana-d1 (district), aktobe (region), aktobe-d1, abroad.
    let mut d = sample_def(3);
    d.units[1].parent = None;
    assert_problem(d, "units[1].parent", "a district needs its region or city");
    let mut d = sample_def(3);
    d.units[3].parent = Some("astana-d1".into());
    assert_problem(
        d,
        "units[3].parent",
        "\"astana-d1\" is not a region or city of this definition",
    );
    let mut d = sample_def(3);
    d.units[3].parent = Some("nowhere".into());
    assert_problem(d, "units[3].parent", "\"nowhere\" is not a region or city");
    for (i, parent) in [(0, "aktobe"), (4, "astana")] {
        let mut d = sample_def(3);
        d.units[i].parent = Some(parent.into());
        assert_problem(
            d,
            &format!("units[{i}].parent"),
            "only a district has a parent unit",
        );
    }
}

#[test]
fn a_partys_registration_order_of_0_or_one_another_party_has_is_named() {
    let mut d = sample_def(3);
    d.parties[1].registration_order = 0;
    assert_problem(
        d,
        "parties[1].registration_order",
        "must be 1 or more and differ from every other party's",
    );
    let mut d = sample_def(3);
    d.parties[4].registration_order = d.parties[2].registration_order;
    assert_problem(
        d,
        "parties[4].registration_order",
        "differ from every other party's",
    );
}

#[test]
fn a_candidate_with_an_empty_name_or_an_unknown_party_is_named() {
    for blank in ["", "   ", "\t"] {
        let mut d = sample_def(3);
        d.candidates[0].name = blank.into();
        assert_problem(d, "candidates[0].name", "is empty");
    }
    let mut d = sample_def(3);
    d.candidates[1].party = Some("nobody".into());
    assert_problem(d, "candidates[1].party", "unknown party \"nobody\"");
}

#[test]
fn a_contest_of_a_body_not_in_the_election_is_named() {
    let mut d = sample_def(3);
    d.election.bodies.retain(|&b| b != Body::Maslikhat);
    assert_eq!(d.contests[2].body, Body::Maslikhat);
    assert_problem(
        d,
        "contests[2].body",
        "\"maslikhat\" is not one of election.bodies",
    );
    let mut d = presidential_2022(3, 7);
    assert!(problems(d.clone()).is_empty());
    d.contests[0].body = Body::Senate;
    assert_problem(
        d,
        "contests[0].body",
        "\"senate\" is not one of election.bodies",
    );
}

#[test]
fn a_maslikhat_contests_council_missing_unknown_abroad_or_on_another_body_is_named() {
    // contests[2] is the Astana council's list; contests[0] the Mazhilis list.
    let mut d = sample_def(3);
    d.contests[2].council = None;
    assert_problem(
        d,
        "contests[2].council",
        "a maslikhat contest names its council's unit",
    );
    let mut d = sample_def(3);
    d.contests[0].council = Some("astana".into());
    assert_problem(
        d,
        "contests[0].council",
        "only maslikhat contests have a council",
    );
    let mut d = sample_def(3);
    d.contests[2].council = Some("nowhere".into());
    assert_problem(d, "contests[2].council", "unknown unit \"nowhere\"");
    let mut d = sample_def(3);
    d.contests[2].council = Some("abroad".into());
    assert_problem(d, "contests[2].council", "there is no maslikhat abroad");
}

#[test]
fn a_contests_district_where_it_has_none_unknown_or_of_another_body_is_named() {
    // contests[1] is district mazhilis-01's seat.
    let mut d = sample_def(3);
    d.contests[0].district = Some("mazhilis-01".into());
    assert_problem(
        d,
        "contests[0].district",
        "only single-member, akim and Senate contests have a district",
    );
    let mut d = sample_def(3);
    d.contests[1].district = None;
    assert_problem(d, "contests[1].district", "names its district");
    let mut d = sample_def(3);
    d.contests[1].district = Some("mazhilis-99".into());
    assert_problem(
        d,
        "contests[1].district",
        "unknown district \"mazhilis-99\"",
    );
    let mut d = sample_def(3);
    d.contests[1].district = Some("astana-maslikhat-01".into());
    assert_problem(
        d,
        "contests[1].district",
        "district \"astana-maslikhat-01\" belongs to another body or council",
    );
    // The Astana council's seat in a district of the Astana district's council.
    let mut d = sample_def(3);
    assert_eq!(d.contests[3].council.as_deref(), Some("astana"));
    d.contests[3].district = Some("astana-d1-maslikhat-01".into());
    assert_problem(
        d,
        "contests[3].district",
        "belongs to another body or council",
    );
}

#[test]
fn seats_0_or_a_single_seat_contest_with_other_than_one_seat_are_named() {
    let mut d = sample_def(3);
    d.contests[2].seats = Some(0);
    assert_problem(d, "contests[2].seats", "at least 1 seat");
    for seats in [0, 2, 16] {
        let mut d = sample_def(3);
        d.contests[1].seats = Some(seats);
        assert_problem(d, "contests[1].seats", "a single-seat contest has 1 seat");
    }
}

#[test]
fn a_contest_with_no_option_or_an_option_listed_twice_is_named() {
    let mut d = sample_def(3);
    d.contests[1].options.clear();
    assert_problem(
        d,
        "contests[1].options",
        "a contest has at least one option",
    );
    let mut d = sample_def(3);
    let again = d.contests[1].options[0].clone();
    d.contests[1].options.push(again);
    assert_problem(d, "contests[1].options[3].id", "\"cand-1\" is listed twice");
}

#[test]
fn a_list_option_that_is_not_one_partys_one_list_of_its_own_candidates_is_named() {
    let at = "contests[0].options[0]";
    let mut d = sample_def(3);
    d.contests[0].options[0].candidate = Some("c-00001".into());
    assert_problem(
        d,
        at,
        "a list option names a party and its list, nothing else",
    );
    let mut d = sample_def(3);
    d.contests[0].options[0].name = Some(Names::same("AMANAT"));
    assert_problem(
        d,
        at,
        "a list option names a party and its list, nothing else",
    );
    let mut d = sample_def(3);
    d.contests[0].options[0].party = None;
    assert_problem(d, &format!("{at}.party"), "a list option names its party");
    let mut d = sample_def(3);
    d.contests[0].options[0].party = Some("nobody".into());
    assert_problem(d, &format!("{at}.party"), "unknown party \"nobody\"");
    let mut d = sample_def(3);
    d.contests[0].options[1].party = d.contests[0].options[0].party.clone();
    assert_problem(
        d,
        "contests[0].options[1].party",
        "\"amanat\" has two lists here",
    );
    let mut d = sample_def(3);
    d.contests[0].options[0].list.clear();
    assert_problem(
        d,
        &format!("{at}.list"),
        "a party list has at least one candidate",
    );
    let mut d = sample_def(3);
    let first = d.contests[0].options[0].list[0].clone();
    let n = d.contests[0].options[1].list.len();
    d.contests[0].options[1].list.push(first.clone());
    assert_problem(
        d,
        &format!("contests[0].options[1].list[{n}]"),
        &format!("\"{first}\" is already on the list of contests[0].options[0]"),
    );
}

#[test]
fn a_referendum_answer_other_than_yes_or_no_or_with_a_party_candidate_or_list_is_named() {
    let good = referendum_2022(3, 7);
    assert!(problems(good.clone()).is_empty());
    let at = "contests[0].options[1]";
    let mut d = good.clone();
    d.contests[0].options[1].party = Some("amanat".into());
    assert_problem(d, at, "a referendum answer has only an id and a name");
    let mut d = good.clone();
    d.contests[0].options[1].candidate = Some("c-00001".into());
    assert_problem(d, at, "a referendum answer has only an id and a name");
    let mut d = good.clone();
    d.contests[0].options[1].list = vec!["c-00001".into()];
    assert_problem(d, at, "a referendum answer has only an id and a name");
    let mut d = good.clone();
    d.contests[0].options[1].id = "maybe".into();
    assert_problem(
        d,
        at,
        "a referendum answer is \"yes\" or \"no\", with its name",
    );
    let mut d = good.clone();
    d.contests[0].options[1].name = None;
    assert_problem(
        d,
        at,
        "a referendum answer is \"yes\" or \"no\", with its name",
    );
}

#[test]
fn a_candidate_option_that_is_not_one_known_candidate_standing_once_is_named() {
    // contests[1] is district mazhilis-01's seat; the president's contest reads alike.
    let at = "contests[1].options[0]";
    let mut d = sample_def(3);
    d.contests[1].options[0].party = Some("amanat".into());
    assert_problem(
        d,
        at,
        "a candidate option names its candidate, nothing else",
    );
    let mut d = sample_def(3);
    d.contests[1].options[0].list = vec!["c-00001".into()];
    assert_problem(
        d,
        at,
        "a candidate option names its candidate, nothing else",
    );
    let mut d = sample_def(3);
    d.contests[1].options[0].name = Some(Names::same("Somebody"));
    assert_problem(
        d,
        at,
        "a candidate option names its candidate, nothing else",
    );
    let mut d = sample_def(3);
    d.contests[1].options[0].candidate = None;
    assert_problem(
        d,
        &format!("{at}.candidate"),
        "a candidate option names its candidate",
    );
    let mut d = sample_def(3);
    d.contests[1].options[0].candidate = Some("c-99999".into());
    assert_problem(
        d,
        &format!("{at}.candidate"),
        "unknown candidate \"c-99999\"",
    );
    let mut d = presidential_2022(3, 7);
    d.contests[0].options[2].candidate = d.contests[0].options[0].candidate.clone();
    assert_problem(
        d,
        "contests[0].options[2].candidate",
        "\"tokayev\" already stands as contests[0].options[0]",
    );
}

#[test]
fn a_district_with_an_unknown_repeated_or_outside_precinct_or_no_contest_is_named() {
    // districts[0] is mazhilis-01 (p-00001); districts[1] the Astana council's (p-00001).
    let mut d = sample_def(3);
    d.districts[0].precincts.push("p-99999".into());
    assert_problem(
        d,
        "districts[0].precincts[1]",
        "unknown precinct \"p-99999\"",
    );
    let mut d = sample_def(3);
    d.districts[0].precincts.push("p-00001".into());
    assert_problem(
        d,
        "districts[0].precincts[1]",
        "\"p-00001\" is listed twice",
    );
    let mut d = sample_def(3);
    assert_eq!(d.districts[1].council.as_deref(), Some("astana"));
    d.districts[1].precincts.push("p-00002".into());
    assert_problem(
        d,
        "districts[1].precincts[1]",
        "\"p-00002\" is outside \"astana\", whose council this district elects",
    );
    let mut d = sample_def(3);
    let n = d.districts.len();
    d.districts.push(District {
        id: "mazhilis-03".into(),
        name: Names::same("Mazhilis 3"),
        body: Body::Mazhilis,
        council: None,
        precincts: vec![],
    });
    assert_problem(
        d,
        &format!("districts[{n}]"),
        "no single-member, akim or Senate contest is held in this district",
    );
}

#[test]
fn a_style_with_no_contest_or_a_contest_twice_is_named() {
    let mut d = sample_def(3);
    d.styles[2].contests.clear();
    assert_problem(
        d,
        "styles[2].contests",
        "a style holds at least one contest",
    );
    let mut d = sample_def(3);
    d.styles[0].contests.push("mazhilis-list".into());
    assert_problem(
        d,
        "styles[0].contests[5]",
        "\"mazhilis-list\" is listed twice",
    );
}

#[test]
fn a_precinct_abroad_whose_unit_is_not_or_at_home_whose_unit_is_abroad_is_named() {
    let why = "a station is abroad exactly when its unit is of kind \"abroad\"";
    let mut d = sample_def(3);
    assert!(!d.precincts[0].abroad);
    d.precincts[0].abroad = true;
    assert_problem(d, "precincts[0].abroad", why);
    let mut d = sample_def(3);
    assert!(d.precincts[2].abroad);
    d.precincts[2].abroad = false;
    assert_problem(d, "precincts[2].abroad", why);
}

#[test]
fn no_guardian_too_many_a_name_empty_or_repeated_or_a_commission_member_with_a_party_is_named() {
    let mut d = sample_def(3);
    d.guardians.members.clear();
    assert_problem(
        d,
        "guardians.members",
        "between 1 and 255 guardians are needed",
    );
    let mut d = sample_def(3);
    d.guardians.members = (1..=256)
        .map(|i| Guardian {
            name: format!("Commission member {i}"),
            role: GuardianRole::Commission,
            party: None,
        })
        .collect();
    assert_problem(
        d,
        "guardians.members",
        "between 1 and 255 guardians are needed",
    );
    let mut d = sample_def(3);
    d.guardians.members[3].name = " ".into();
    assert_problem(d, "guardians.members[3].name", "is empty or repeated");
    let mut d = sample_def(3);
    d.guardians.members[4].name = d.guardians.members[0].name.clone();
    assert_problem(d, "guardians.members[4].name", "is empty or repeated");
    let mut d = sample_def(3);
    assert_eq!(d.guardians.members[1].role, GuardianRole::Commission);
    d.guardians.members[1].party = Some("amanat".into());
    assert_problem(
        d,
        "guardians.members[1].party",
        "a commission member is nobody's nominee",
    );
}

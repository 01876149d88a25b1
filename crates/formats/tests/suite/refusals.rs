//! The results file's refusals that docs/bad-input.md §4.1 lists (R3, R9, R15–R20): each bad
//! file is a good official file with one thing broken, and each is refused by the field at
//! fault, with nothing read.

use sailau_formats::{FormatError, ResultsFile};
use serde_json::{json, Value};

const PRESIDENTIAL_2022: &str =
    include_str!("../../../../fixtures/official/2022-11-20-presidential.json");
const MAZHILIS_2023: &str = include_str!("../../../../fixtures/official/2023-03-19-mazhilis.json");
const REFERENDUM_2022: &str =
    include_str!("../../../../fixtures/public/2022-06-05-referendum.json");

fn fixture(text: &str) -> Value {
    let v: Value = serde_json::from_str(text).unwrap();
    // The good file reads, so each refusal below is the one change's doing.
    ResultsFile::parse(text).expect("the fixture reads");
    v
}

/// The file's refusal; the test fails if the file was read.
fn refused(v: &Value) -> FormatError {
    match ResultsFile::parse(&v.to_string()) {
        Ok(f) => panic!(
            "read {} contest(s) from a file that must be refused",
            f.contests.len()
        ),
        Err(e) => e,
    }
}

fn assert_refused(v: &Value, field: &str, words: &[&str]) {
    let e = refused(v);
    assert_eq!(e.field, field, "{e:?}");
    for w in words {
        assert!(
            e.message.contains(w),
            "{field}: {:?} lacks {w:?}",
            e.message
        );
    }
}

/// A referendum question with two regions, which reads as it is.
fn with_regions() -> Value {
    let mut v = fixture(REFERENDUM_2022);
    v["contests"][0]["regions"] = json!([
        {"id": "almaty", "name": "Almaty", "registered": 1000, "ballots_cast": 700,
         "invalid": 10, "yes": 500, "no": 150},
        {"id": "astana", "registered": 900, "ballots_cast": 600, "yes": 400, "no": 150}
    ]);
    ResultsFile::parse(&v.to_string()).expect("a question with regions reads");
    v
}

#[test]
fn a_results_file_without_a_format_tag_or_with_a_tag_that_is_not_a_string_is_refused() {
    let mut v = fixture(PRESIDENTIAL_2022);
    v.as_object_mut().unwrap().remove("format");
    assert_refused(&v, "format", &["is missing", "sailau-results/1"]);
    for not_a_string in [json!(1), json!(null), json!(["sailau-results/1"])] {
        v["format"] = not_a_string;
        assert_refused(&v, "format", &["must be the string", "sailau-results/1"]);
    }
}

#[test]
fn invalid_ballots_above_ballots_cast_are_refused() {
    let mut v = fixture(PRESIDENTIAL_2022);
    let cast = v["contests"][0]["ballots_cast"].as_u64().unwrap();
    v["contests"][0]["invalid"] = json!(cast + 1);
    assert_refused(&v, "contests[0].invalid", &["exceeds ballots_cast"]);
}

#[test]
fn a_file_with_no_contest_or_two_contests_with_one_id_is_refused() {
    let mut v = fixture(PRESIDENTIAL_2022);
    let contest = v["contests"][0].clone();
    v["contests"] = json!([]);
    assert_refused(&v, "contests", &["no contest"]);
    v["contests"] = json!([contest.clone(), contest]);
    assert_refused(&v, "contests[1].id", &["\"president\"", "two contests"]);
}

#[test]
fn an_id_council_or_party_that_is_not_lowercase_letters_digits_dash_or_underscore_is_refused() {
    for bad in ["President", "pres ident", "", "président", "pres.ident"] {
        let mut v = fixture(PRESIDENTIAL_2022);
        v["contests"][0]["id"] = json!(bad);
        assert_refused(&v, "contests[0].id", &["is not an id"]);

        let mut v = fixture(PRESIDENTIAL_2022);
        v["contests"][0]["options"][2]["id"] = json!(bad);
        assert_refused(&v, "contests[0].options[2].id", &["is not an id"]);

        let mut v = fixture(MAZHILIS_2023);
        v["contests"][0]["options"][1]["party"] = json!(bad);
        assert_refused(&v, "contests[0].options[1].party", &["is not an id"]);

        let mut v = fixture(MAZHILIS_2023);
        v["contests"][0]["council"] = json!(bad);
        assert_refused(&v, "contests[0].council", &["is not an id"]);

        let mut v = with_regions();
        v["contests"][0]["regions"][1]["id"] = json!(bad);
        assert_refused(&v, "contests[0].regions[1].id", &["is not an id"]);
    }
}

#[test]
fn a_contest_with_no_option_is_refused() {
    let mut v = fixture(PRESIDENTIAL_2022);
    v["contests"][0]["options"] = json!([]);
    v["contests"][0]["against_all"] = json!(0);
    assert_refused(&v, "contests[0].options", &["no option"]);
}

#[test]
fn a_registration_order_of_0_or_one_another_option_has_is_refused() {
    let mut v = fixture(PRESIDENTIAL_2022);
    v["contests"][0]["options"][3]["registration_order"] = json!(0);
    assert_refused(
        &v,
        "contests[0].options[3].registration_order",
        &["0 must be a positive number"],
    );
    let mut v = fixture(PRESIDENTIAL_2022);
    let first = v["contests"][0]["options"][0]["registration_order"].clone();
    v["contests"][0]["options"][4]["registration_order"] = first;
    assert_refused(
        &v,
        "contests[0].options[4].registration_order",
        &["no other option has"],
    );
}

#[test]
fn regions_that_repeat_overflow_their_ballots_or_sit_outside_a_referendum_are_refused() {
    // Two regions with one id.
    let mut v = with_regions();
    v["contests"][0]["regions"][1]["id"] = json!("almaty");
    assert_refused(
        &v,
        "contests[0].regions[1].id",
        &["\"almaty\"", "two regions"],
    );

    // Yes + no + invalid above the ballots cast: 500 + 150 + 10 = 660 of 659.
    let mut v = with_regions();
    v["contests"][0]["regions"][0]["ballots_cast"] = json!(659);
    assert_refused(
        &v,
        "contests[0].regions[0].ballots_cast",
        &["660", "exceeds 659"],
    );

    // More cast than registered.
    let mut v = with_regions();
    v["contests"][0]["regions"][1]["registered"] = json!(599);
    assert_refused(
        &v,
        "contests[0].regions[1].ballots_cast",
        &["exceeds registered"],
    );

    // Regions on a contest that is not a referendum question.
    let regions = with_regions()["contests"][0]["regions"].clone();
    let mut v = fixture(PRESIDENTIAL_2022);
    v["contests"][0]["regions"] = regions;
    assert_refused(&v, "contests[0].regions", &["only a referendum"]);
}

#[test]
fn an_expected_block_naming_an_option_the_contest_does_not_have_is_refused() {
    let mut v = fixture(PRESIDENTIAL_2022);
    v["contests"][0]["expected"]["winner"] = json!("nazarbayev");
    assert_refused(
        &v,
        "contests[0].expected",
        &["\"nazarbayev\"", "not an option"],
    );

    let mut v = fixture(PRESIDENTIAL_2022);
    v["contests"][0]["expected"] = json!({"outcome": "runoff", "runoff": ["tokayev", "nobody"]});
    assert_refused(&v, "contests[0].expected", &["\"nobody\"", "not an option"]);

    let mut v = fixture(MAZHILIS_2023);
    let mut seats = v["contests"][0]["expected"]["seats"].clone();
    assert!(seats.is_object(), "the 2023 file expects seats by party");
    seats["no-such-party"] = json!(1);
    v["contests"][0]["expected"]["seats"] = seats;
    assert_refused(
        &v,
        "contests[0].expected",
        &["\"no-such-party\"", "not an option"],
    );
}

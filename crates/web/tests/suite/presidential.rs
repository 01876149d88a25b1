//! The presidential result as the portal draws it, on the official figures of 20 November
//! 2022 (fixtures/official, CEC): the majority line, the winner's share, and, when nobody
//! passes it, the two who go to a second round.

use sailau_definition::{Definition, Language};
use sailau_formats::{report, ResultsFile};
use sailau_web::prefs::Ctx;

const OFFICIAL: &str = include_str!("../../../../fixtures/official/2022-11-20-presidential.json");

/// A definition of the 2022 presidential election: its six candidates and "against all".
fn definition() -> sailau_definition::Checked {
    let file = ResultsFile::parse(OFFICIAL).unwrap();
    let options = &file.contests[0].contest.options;
    let candidates: Vec<serde_json::Value> = options
        .iter()
        .map(|o| serde_json::json!({ "id": o.id, "name": o.name, "birth_date": "1960-01-01", "woman": false, "disability": false }))
        .collect();
    let choices: Vec<serde_json::Value> = options
        .iter()
        .map(|o| serde_json::json!({ "id": o.id, "candidate": o.id }))
        .collect();
    let names = |en: &str| serde_json::json!({ "kk": en, "ru": en, "en": en });
    let def = serde_json::json!({
        "format": "sailau-definition/2",
        "election": { "id": "president-2022", "name": names("Presidential election 2022"), "date": "2022-11-20", "bodies": ["presidential"] },
        "units": [{ "id": "astana", "name": names("Astana"), "kind": "city" }],
        "candidates": candidates,
        "contests": [{ "id": "president", "name": names("President"), "body": "presidential", "kind": "presidential", "against_all": true, "options": choices }],
        "styles": [{ "id": "s", "contests": ["president"] }],
        "precincts": [{ "id": "p-1", "number": 1, "unit": "astana", "utc_offset": "+06:00", "abroad": false, "style": "s" }],
        "guardians": { "quorum": 1, "members": [{ "name": "G", "role": "commission" }] }
    });
    Definition::from_json(&def.to_string())
        .unwrap()
        .check()
        .unwrap()
}

fn english() -> Ctx {
    Ctx {
        lang: Language::English,
        size: 100,
        contrast: false,
        here: "/".into(),
    }
}

fn drawn(text: &str) -> String {
    let def = definition();
    let file = ResultsFile::parse(text).unwrap();
    let (decided, refused) = report::decide_in_force(&file);
    assert!(refused.is_empty(), "{refused:?}");
    sailau_web::portal::contest_table(&english(), &def, &decided[0].1).into_string()
}

#[test]
fn the_2022_president_is_shown_elected_above_the_majority_line() {
    let html = drawn(OFFICIAL);
    // 6,456,392 of 7,940,477 valid votes (the candidates' and "against all"): 81.31%.
    assert!(html.contains("Kassym-Jomart Tokayev</th><td class=\"num\">6,456,392</td><td class=\"num\">81.31%</td>"), "{html}");
    assert!(html.contains("Kassym-Jomart Tokayev is elected with 81.31% of the votes."));
    assert!(html.contains("a candidate needs more than 50.00% to win in the first round"));
    // The line is drawn at half of the bar's width on every row.
    assert_eq!(
        html.matches("x1=\"500\"").count(),
        7,
        "six candidates and against all"
    );
    assert!(html.contains("Against all</th><td class=\"num\">460,484</td>"));
}

#[test]
fn without_a_majority_the_top_two_go_to_a_second_round() {
    // The same election, had the winner polled 1,400,000 votes: less than all the others together.
    let text = OFFICIAL
        .replace("\"votes\": 6456392", "\"votes\": 1400000")
        .replace(
            "\"outcome\": \"elected\", \"winner\": \"tokayev\"",
            "\"outcome\": \"runoff\"",
        );
    let html = drawn(&text);
    assert!(
        html.contains("No candidate won more than half of the votes: Kassym-Jomart Tokayev and Jiguli Dairabaev go to a second round."),
        "{html}"
    );
}

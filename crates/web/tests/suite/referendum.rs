//! A constitutional question on the portal: the two-thirds count in words, each region with
//! or without a yes majority, and the map, all from the law's certificate.

use sailau_formats::{report, ResultsFile};
use sailau_web::prefs::Ctx;

fn english() -> Ctx {
    Ctx {
        lang: sailau_definition::Language::English,
        size: 100,
        contrast: false,
        here: "/".into(),
    }
}

/// The 2022 question over five regions, `yes` per region of 100 who took part in each.
fn drawn(yes: [u64; 5]) -> String {
    let def = sailau_definition::sample::referendum::referendum_2022(6, 1)
        .check()
        .unwrap();
    let ids = ["astana", "aktobe", "almaty-city", "atyrau", "shymkent"];
    let regions: Vec<serde_json::Value> = ids
        .iter()
        .zip(yes)
        .map(|(id, y)| {
            serde_json::json!({ "id": id, "registered": 150, "ballots_cast": 100, "invalid": 2, "yes": y, "no": 98 - y })
        })
        .collect();
    let total_yes: u64 = yes.iter().sum();
    let file = serde_json::json!({
        "format": "sailau-results/1",
        "election": { "name": "Referendum", "kind": "referendum", "date": "2022-06-05" },
        "contests": [{
            "id": "constitution", "kind": "referendum", "registered": 750, "ballots_cast": 500, "invalid": 10,
            "options": [
                { "id": "yes", "name": "Yes", "registration_order": 1, "votes": total_yes },
                { "id": "no", "name": "No", "registration_order": 2, "votes": 490 - total_yes }
            ],
            "constitutional": true,
            "regions": regions
        }]
    });
    let file = ResultsFile::parse(&file.to_string()).unwrap();
    let (decided, refused) = report::decide_in_force(&file);
    assert!(refused.is_empty(), "{refused:?}");
    sailau_web::portal::contest_table(&english(), &def, &decided[0].1).into_string()
}

#[test]
fn the_regions_decide_beside_the_nation() {
    // A national yes majority (300 of 500), but in three regions of five only: two thirds
    // of five is 4 regions at least, so the change is not adopted.
    let html = drawn([90, 90, 90, 15, 15]);
    assert!(
        html.contains("A yes majority in 3 of 5 regions; at least 4 (two thirds) are needed."),
        "{html}"
    );
    assert!(html.contains("The regional rule is not met"), "{html}");
    assert!(
        html.contains("<a href=\"/units/atyrau\">Atyrau Region</a></th><td>✗ no</td>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/units/astana\">Astana</a></th><td>✓ yes</td>"),
        "{html}"
    );
    assert!(html.contains("<svg"), "the map");
    // Four regions with a yes majority: met, and adopted.
    let html = drawn([90, 90, 90, 90, 15]);
    assert!(html.contains("A yes majority in 4 of 5 regions"), "{html}");
    assert!(html.contains("The regional rule is met."), "{html}");
}

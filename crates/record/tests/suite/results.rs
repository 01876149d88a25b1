//! The one road from the national protocol to the published results: golden on the official
//! 2023 Mazhilis totals, and the same file and decisions whoever asks.

use sailau_definition::{sample, Body, Checked};
use sailau_protocol::{
    ContestCount, ElectronicCount, Level, OptionCount, PaperCount, Protocol, FORMAT,
};
use sailau_record::results::no_regions;
use sailau_record::BodyResults;

/// The official 2023 Mazhilis party-list totals (CEC final protocol, 29 March 2023: 12,035,578
/// on the lists, 6,524,487 ballots found, 158,046 invalid), as the national protocol of the
/// sample definition, whose list contest has the same seven parties and "against all".
fn official_2023(def: &Checked) -> Protocol {
    let votes = [
        ("amanat", 3_431_510),
        ("auyl", 693_938),
        ("respublica", 547_154),
        ("ak-zhol", 535_139),
        ("peoples", 432_920),
        ("nsdp", 331_058),
        ("baytaq", 146_431),
        ("against-all", 248_291),
    ];
    let (registered, cast, invalid) = (12_035_578u64, 6_524_487u64, 158_046u64);
    let c = ContestCount {
        contest: "mazhilis-list".into(),
        registered,
        paper: PaperCount {
            received: registered,
            issued_station: cast,
            unused: registered - cast,
            found_station: cast,
            invalid,
            ..PaperCount::default()
        },
        electronic: ElectronicCount::default(),
        options: votes
            .iter()
            .map(|&(o, v)| OptionCount {
                option: o.into(),
                paper: v,
                electronic: 0,
            })
            .collect(),
    };
    Protocol {
        format: FORMAT.into(),
        election: def.election.id.clone(),
        definition: def.digest().to_string(),
        level: Level::National,
        unit: "national".into(),
        precincts: 1,
        station: None,
        contests: vec![c],
    }
}

/// Golden: the official totals through a protocol decide the official seats (AMANAT 40,
/// Auyl 8, Respublica 6, Ak Zhol 6, People's Party 5, NSDP 4, Baytaq 0 under the threshold).
#[test]
fn the_official_2023_totals_through_a_protocol_give_the_official_seats() {
    let def = sample::mazhilis_2023(3, 1).check().unwrap();
    let national = official_2023(&def);
    // The official figures add up: 6,366,441 valid votes + 158,046 invalid = 6,524,487.
    assert_eq!(national.violations(), Vec::<String>::new());
    let results = BodyResults::of(&def, &national, Body::Mazhilis, &no_regions).unwrap();
    let decided = results.decide();
    assert!(decided.refused.is_empty(), "{:?}", decided.refused);
    let seats: Vec<(String, u32)> = decided.decisions[0]
        .1
        .options
        .iter()
        .map(|o| (o.id.clone(), o.seats.unwrap()))
        .collect();
    let expected = [
        ("amanat", 40),
        ("auyl", 8),
        ("respublica", 6),
        ("ak-zhol", 6),
        ("peoples", 5),
        ("nsdp", 4),
        ("baytaq", 0),
    ];
    assert_eq!(seats, expected.map(|(o, s)| (o.to_string(), s)).to_vec());

    // The published file is the documented form, and reads back as itself.
    let file: serde_json::Value = serde_json::from_str(&results.text).unwrap();
    assert_eq!(file["format"], "sailau-results/1");
    assert_eq!(file["election"]["kind"], "mazhilis");
    assert_eq!(
        file["source"],
        "The national protocol of national, adding up 1 precinct protocols"
    );
    let contest = &file["contests"][0];
    assert_eq!(contest["ballots_cast"], 6_524_487);
    assert_eq!(contest["invalid"], 158_046);
    assert_eq!(contest["against_all"], 248_291);
    assert_eq!(contest["options"][0]["name"], "AMANAT");
    assert_eq!(contest["options"][0]["votes"], 3_431_510);
    assert!(results.text.ends_with("}\n") && !results.text.ends_with("\n\n"));
    // The decisions as published are what `sailau results --json` prints for that file.
    let decided_text = decided.text();
    let again: serde_json::Value = serde_json::from_str(&decided_text).unwrap();
    assert_eq!(again["contests"][0]["options"][0]["seats"], 40);

    // The protocol holds no maslikhat contest: there is no maslikhat result to publish.
    let e = BodyResults::of(&def, &national, Body::Maslikhat, &no_regions).unwrap_err();
    assert_eq!(
        e.to_string(),
        "results/maslikhat.json: contests: lists no contest"
    );
    assert!(BodyResults::all(&def, &national, &no_regions).is_err());
}

#[test]
fn a_contest_the_definition_does_not_hold_is_refused_by_name() {
    let def = sample::mazhilis_2023(3, 1).check().unwrap();
    let mut national = official_2023(&def);
    national.contests[0].contest = "mazhilis-lists".into();
    let e = BodyResults::of(&def, &national, Body::Mazhilis, &no_regions).unwrap_err();
    assert_eq!(
        e.to_string(),
        "contest mazhilis-lists is not in the definition"
    );
}

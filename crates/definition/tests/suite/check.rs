//! The election definition: the sample passes; each way a definition can contradict itself or
//! the law is refused, by its path.

use proptest::prelude::*;
use sailau_definition::{sample, Body, ContestKind, Definition, DefinitionError};

pub(super) fn sample_def(precincts: usize) -> Definition {
    sample::mazhilis_2023(precincts, 7)
}

/// The problems of a definition, as "path: message" lines.
pub(super) fn problems(d: Definition) -> Vec<String> {
    match d.check() {
        Ok(_) => vec![],
        Err(e) => e.iter().map(DefinitionError::to_string).collect(),
    }
}

pub(super) fn assert_problem(d: Definition, path: &str, words: &str) {
    let p = problems(d);
    assert!(
        p.iter()
            .any(|l| l.starts_with(&format!("{path}: ")) && l.contains(words)),
        "expected {path}: …{words}…; got {p:#?}"
    );
}

#[test]
fn the_sample_passes_and_maps_onto_a_valid_manifest() {
    for n in [2, 3, 21, 100] {
        let d = sample_def(n);
        let c = d
            .clone()
            .check()
            .unwrap_or_else(|e| panic!("{n} precincts: {e:#?}"));
        let m = c.manifest();
        m.validate().unwrap();
        assert_eq!(c.precincts.len(), n);
        // The Mazhilis list: 7 parties and "against all" under the 2022 edition (69 seats).
        let list = c.contest("mazhilis-list").unwrap();
        assert_eq!(c.option_ids(list).len(), 8);
        assert_eq!(c.option_ids(list).last().unwrap(), "against-all");
        assert_eq!(c.edition(list).unwrap().id, "mazhilis-2022");
        // JSON round trip, byte for byte.
        let text = d.to_json();
        assert_eq!(Definition::from_json(&text).unwrap(), d);
    }
}

#[test]
fn a_national_sized_sample_passes() {
    // 10,233 stations, as in 2023: 29 Mazhilis districts, every region, one station abroad.
    let c = sample_def(10_233).check().unwrap();
    let mazhilis = c
        .districts
        .iter()
        .filter(|d| d.body == Body::Mazhilis)
        .count();
    assert_eq!(mazhilis, 29);
    let offsets: std::collections::BTreeSet<String> = c
        .precincts
        .iter()
        .map(|p| p.utc_offset.to_string())
        .collect();
    assert_eq!(
        offsets.into_iter().collect::<Vec<_>>(),
        ["+03:00", "+05:00", "+06:00"]
    );
}

#[test]
fn unknown_fields_and_references_are_named() {
    let text = sample_def(3)
        .to_json()
        .replacen("\"against_all\"", "\"againstall\"", 1);
    let err = Definition::from_json(&text).unwrap_err();
    assert!(err.to_string().contains("againstall"), "{err}");

    let mut d = sample_def(3);
    d.precincts[0].unit = "nowhere".into();
    assert_problem(d, "precincts[0].unit", "unknown unit \"nowhere\"");

    let mut d = sample_def(3);
    d.styles[0].contests.push("senate".into());
    assert_problem(d, "styles[0].contests[5]", "unknown contest \"senate\"");

    let mut d = sample_def(3);
    d.contests[0].options[0].list[0] = "c-99999".into();
    assert_problem(d, "contests[0].options[0].list[0]", "unknown candidate");
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut d = sample_def(3);
    d.precincts[1].id = d.precincts[0].id.clone();
    assert_problem(d, "precincts[1].id", "already the id of precincts[0]");
    let mut d = sample_def(3);
    d.parties[0].id = "AMANAT".into();
    assert_problem(d, "parties[0].id", "not an id");
    let mut d = sample_def(3);
    d.contests[0].options[0].id = "against-all".into();
    assert_problem(d, "contests[0].options[0].id", "added by against_all");
}

#[test]
fn every_precinct_is_in_exactly_one_district_per_body_and_council() {
    let d = sample_def(6);
    let first = d.precincts[0].id.clone();
    // Into a second Mazhilis district as well.
    let mut two = d.clone();
    let other = two
        .districts
        .iter()
        .position(|x| x.body == Body::Mazhilis && !x.precincts.contains(&first))
        .unwrap();
    two.districts[other].precincts.push(first.clone());
    assert_problem(two, "precincts[0]", "in 2 mazhilis districts");
    // Out of every Mazhilis district.
    let mut none = d.clone();
    for x in none
        .districts
        .iter_mut()
        .filter(|x| x.body == Body::Mazhilis)
    {
        x.precincts.retain(|p| *p != first);
    }
    assert_problem(none, "precincts[0]", "in no mazhilis district");
    // The station abroad belongs to none.
    let mut abroad = d.clone();
    let far = abroad.precincts.last().unwrap().id.clone();
    abroad.districts[0].precincts.push(far);
    assert_problem(abroad, "districts[0].precincts[1]", "abroad");
}

#[test]
fn a_style_holds_exactly_its_precincts_district_contests() {
    let d = sample_def(6);
    let mut lacking = d.clone();
    let s = lacking
        .styles
        .iter()
        .position(|s| s.id == lacking.precincts[0].style)
        .unwrap();
    let removed = lacking.styles[s].contests.remove(1);
    assert!(removed.starts_with("mazhilis-"));
    let p = problems(lacking);
    assert!(
        p.iter().any(|l| l.starts_with("precincts[0].style: lacks")),
        "{p:#?}"
    );
    // The abroad style may not hold a district's contest.
    let mut wrong = d.clone();
    let last = wrong.styles.len() - 1;
    wrong.styles[last].contests.push("mazhilis-01".into());
    let at = format!("precincts[{}].style", wrong.precincts.len() - 1);
    assert_problem(wrong, &at, "does not include this precinct");
}

#[test]
fn party_lists_meet_the_thirty_percent_quota() {
    let mut d = sample_def(3);
    for c in d.candidates.iter_mut() {
        c.woman = false;
        c.disability = false;
        c.birth_date = "1970-01-01".parse().unwrap();
    }
    assert_problem(
        d,
        "contests[0].options[0].list",
        "0 of 69 candidates are women, young or disabled; the quota of mazhilis-2022 (30%) needs 21",
    );
}

#[test]
fn contests_agree_with_the_edition_in_force() {
    let mut d = sample_def(3);
    d.contests[0].against_all = false;
    assert_problem(
        d,
        "contests[0].against_all",
        "must be true under mazhilis-2022",
    );
    let mut d = sample_def(3);
    d.contests[0].seats = Some(70);
    assert_problem(d, "contests[0].seats", "fixes 69 list seats");
    let mut d = sample_def(3);
    d.contests[0].kind = ContestKind::Presidential;
    assert_problem(d, "contests[0].kind", "holds no presidential contest");
    let mut d = sample_def(3);
    d.election.bodies.push(Body::Kurultai);
    assert_problem(
        d,
        "election.bodies[2]",
        "no kurultai election is held under the law on 2023-03-19",
    );
    let mut d = sample_def(3);
    let maslikhat = d
        .contests
        .iter()
        .position(|c| c.body == Body::Maslikhat && c.kind == ContestKind::PartyList)
        .unwrap();
    d.contests[maslikhat].seats = None;
    assert_problem(d, &format!("contests[{maslikhat}].seats"), "give them");
}

#[test]
fn guardians_and_quorum() {
    let mut d = sample_def(3);
    d.guardians.quorum = 6;
    assert_problem(
        d,
        "guardians.quorum",
        "between 1 and the number of guardians (5)",
    );
    let mut d = sample_def(3);
    d.guardians.members[2].party = Some("nobody".into());
    assert_problem(d, "guardians.members[2].party", "names a party");
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let mut d = sample_def(3);
    d.format = "sailau-definition/9".into();
    d.guardians.quorum = 0;
    d.precincts[0].style = "none".into();
    let p = problems(d);
    assert!(p.len() >= 3, "{p:#?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any size and seed gives a definition that checks, whose Mazhilis has min(29, home)
    /// districts, whose home stations each get five contests and whose station abroad gets
    /// the list alone.
    #[test]
    fn samples_of_any_size_check(n in 2usize..400, seed in any::<u64>()) {
        let c = sample::mazhilis_2023(n, seed).check().map_err(|e| TestCaseError::fail(format!("{e:#?}")))?;
        let home = n - 1;
        prop_assert_eq!(c.districts.iter().filter(|d| d.body == Body::Mazhilis).count(), home.min(29));
        for p in &c.precincts {
            let want = if p.abroad { 1 } else { 5 };
            prop_assert_eq!(c.contests_of(&p.id).len(), want);
        }
        prop_assert!(c.manifest().validate().is_ok());
    }
}

#[test]
fn every_voter_receives_the_contests_held_across_their_area() {
    // A home style without the nationwide list, and without its region's council list.
    let mut d = sample_def(3);
    let s = d
        .styles
        .iter()
        .position(|s| s.id == d.precincts[0].style)
        .unwrap();
    d.styles[s]
        .contests
        .retain(|c| c != "mazhilis-list" && !c.ends_with("-maslikhat-list"));
    let p = problems(d);
    assert!(
        p.iter()
            .any(|l| l
                == "precincts[0].style: lacks \"mazhilis-list\", which every voter here receives"),
        "{p:#?}"
    );
    assert!(p.iter().any(|l| l == "precincts[0].style: lacks \"astana-maslikhat-list\", which every voter here receives"), "{p:#?}");
}

#[test]
fn an_unknown_body_or_kind_stops_the_reading_at_its_path() {
    let json = sample_def(3).to_json();
    let kind = json.replacen("\"kind\": \"party-list\"", "\"kind\": \"party-lists\"", 1);
    let e = Definition::from_json(&kind).unwrap_err();
    assert_eq!(e.path, "contests[0].kind");
    assert!(
        e.message
            .contains("unknown kind \"party-lists\"; expected one of presidential, party-list"),
        "{e}"
    );
    let body = json.replacen("\"maslikhat\"", "\"maslikat\"", 1);
    let e = Definition::from_json(&body).unwrap_err();
    assert_eq!(e.path, "election.bodies[1]");
    assert!(e.message.contains("unknown body \"maslikat\""), "{e}");
    // Written back by the names it was read with.
    let def = Definition::from_json(&json).unwrap();
    assert_eq!(def.to_json(), json);
    assert_eq!(def.election.bodies, [Body::Mazhilis, Body::Maslikhat]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Every precinct counts in each unit above it and in no other; the regions' precincts
    /// are all the precincts, each once, so the regions' sums add up to the nation's.
    #[test]
    fn the_hierarchy_counts_each_precinct_once_per_level(n in 2usize..40, seed in 0u64..1_000) {
        let def = sample::mazhilis_2023(n, seed).check().unwrap();
        let mut in_regions: Vec<&String> = def
            .regions()
            .iter()
            .flat_map(|r| def.precincts_in(r).unwrap())
            .collect();
        in_regions.sort();
        let mut all: Vec<&String> = def.precincts.iter().map(|p| &p.id).collect();
        all.sort();
        prop_assert_eq!(in_regions, all);
        for p in &def.precincts {
            let above = def.units_of(&p.id);
            prop_assert_eq!(&above[0], &p.unit);
            prop_assert_eq!(def.region_of(&p.id), above.last().map(String::as_str));
            prop_assert!(def.unit(above.last().unwrap()).unwrap().parent.is_none());
            for u in &def.units {
                let counted = def.precincts_in(&u.id).unwrap().contains(&p.id);
                prop_assert_eq!(counted, above.contains(&u.id));
                prop_assert_eq!(def.is_within(&p.unit, &u.id), above.contains(&u.id));
            }
            let top_down: Vec<&str> = def.ancestors(&p.unit);
            prop_assert_eq!(top_down.len() + 1, above.len());
        }
        for u in &def.units {
            for child in def.children(&u.id) {
                prop_assert_eq!(def.ancestors(&child.id).last().copied(), Some(u.id.as_str()));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    /// A precinct's part answers every question its station asks as the whole definition
    /// does: its contests and their lines in every language, its place, its districts, the
    /// guardians; it names the whole definition's digest, and it holds no other precinct.
    #[test]
    fn a_precincts_part_answers_as_the_whole_definition(n in 2usize..30, seed in 0u64..500) {
        let whole = sample::mazhilis_2023(n, seed).check().unwrap();
        for p in &whole.precincts {
            let part = whole.part(&p.id).unwrap();
            prop_assert_eq!(part.digest(), whole.digest());
            prop_assert_eq!(part.precincts.len(), 1);
            prop_assert_eq!(part.precinct(&p.id), Some(p));
            prop_assert_eq!(part.region_of(&p.id), whole.region_of(&p.id));
            prop_assert_eq!(part.units_of(&p.id), whole.units_of(&p.id));
            let ids = |d: &sailau_definition::Checked| -> Vec<String> {
                d.contests_of(&p.id).iter().map(|c| c.id.clone()).collect()
            };
            prop_assert_eq!(ids(&part), ids(&whole));
            for c in whole.contests_of(&p.id) {
                let mine = part.contest(&c.id).unwrap();
                prop_assert_eq!(part.option_ids(mine), whole.option_ids(c));
                prop_assert_eq!(part.registration_orders(mine), whole.registration_orders(c));
                for l in sailau_definition::Language::ALL {
                    prop_assert_eq!(part.option_labels(mine, l), whole.option_labels(c, l));
                }
            }
            prop_assert_eq!(&part.guardians, &whole.guardians);
            prop_assert!(whole.part("p-99999").is_none());
            // Written and read back as a station keeps it.
            let again = Definition::from_json(&part.to_json())
                .unwrap()
                .check_part(whole.digest())
                .unwrap();
            prop_assert_eq!(again.definition(), part.definition());
            prop_assert!(part.to_json().len() < whole.to_json().len());
        }
    }
}

#[test]
fn a_part_is_one_precinct_and_its_style() {
    let whole = sample_def(4).check().unwrap();
    let mut two = whole
        .part(&whole.precincts[0].id)
        .unwrap()
        .definition()
        .clone();
    two.precincts.push(whole.precincts[1].clone());
    let e = two.check_part(whole.digest()).unwrap_err();
    assert_eq!(e[0].path, "precincts");
}

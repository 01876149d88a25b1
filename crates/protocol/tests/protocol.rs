//! Protocols: the control relations, summing up the hierarchy, the printed form and the shape
//! of a precinct's protocol.

use proptest::prelude::*;
use sailau_definition::sample;
use sailau_protocol::*;

fn count(options: &[(&str, u64, u64)]) -> ContestCount {
    // 1,000 on the list; 600 paper ballots received, 400 issued in the station and 20 for the
    // mobile box, 5 spoiled, 175 unused; 398 and 20 found; 10 invalid. 300 cards, 299 cast,
    // 4 blank.
    ContestCount {
        contest: "mazhilis-list".into(),
        registered: 1_000,
        paper: PaperCount {
            received: 600,
            issued_station: 400,
            issued_mobile: 20,
            spoiled: 5,
            unused: 175,
            found_station: 398,
            found_mobile: 20,
            invalid: 10,
        },
        electronic: ElectronicCount {
            issued: 300,
            cast: 299,
            blank: 4,
        },
        options: options
            .iter()
            .map(|&(o, paper, electronic)| OptionCount {
                option: o.into(),
                paper,
                electronic,
            })
            .collect(),
    }
}

/// 408 paper votes + 10 invalid = 418 found; 295 electronic + 4 blank = 299 cast.
fn good() -> ContestCount {
    count(&[
        ("amanat", 300, 200),
        ("auyl", 100, 90),
        ("against-all", 8, 5),
    ])
}

/// The digest the test protocols name as their definition.
const D: &str = "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0";

fn protocol(unit: &str, c: ContestCount) -> Protocol {
    Protocol {
        format: FORMAT.into(),
        election: "e".into(),
        definition: D.into(),
        level: Level::Precinct,
        unit: unit.into(),
        precincts: 1,
        station: None,
        contests: vec![c],
    }
}

#[test]
fn a_count_that_adds_up_has_no_violations() {
    assert_eq!(good().violations(), Vec::<String>::new());
    assert_eq!(good().ballots_found(), 717);
    assert_eq!(good().invalid(), 14);
}

#[test]
fn each_broken_relation_is_named() {
    type Breaks = fn(&mut ContestCount);
    let cases: [(Breaks, &str); 7] = [
        (|c| c.paper.received += 1, "paper ballots received (601)"),
        (
            |c| c.paper.found_station = 401,
            "stationary boxes (401) > ballots issued in the station (400)",
        ),
        (
            |c| c.paper.found_mobile = 21,
            "mobile box (21) > ballots issued for it (20)",
        ),
        (
            |c| c.options[0].paper += 1,
            "paper votes (409) + invalid (10) ≠ paper ballots found (418)",
        ),
        (
            |c| c.electronic.cast = 301,
            "electronic ballots cast (301) > cards issued (300)",
        ),
        (
            |c| c.electronic.blank = 5,
            "electronic votes (295) + blank (5) ≠ electronic ballots cast (299)",
        ),
        (
            |c| c.registered = 719,
            "ballots and cards issued (720) > voters on the list (719)",
        ),
    ];
    for (breaks, words) in cases {
        let mut c = good();
        breaks(&mut c);
        let v = c.violations();
        assert!(
            v.iter().any(|l| l.contains(words)),
            "expected …{words}…; got {v:#?}"
        );
    }
}

#[test]
fn summary_protocols_add_field_by_field() {
    let a = protocol("p-1", good());
    let b = protocol(
        "p-2",
        count(&[("amanat", 1, 2), ("auyl", 3, 4), ("against-all", 404, 289)]),
    );
    let sum = Protocol::sum("e", D, Level::Territorial, "astana", &[&a, &b]).unwrap();
    assert_eq!(sum.precincts, 2);
    let c = &sum.contests[0];
    assert_eq!(c.registered, 2_000);
    assert_eq!(c.paper.received, 1_200);
    assert_eq!(c.electronic.cast, 598);
    assert_eq!((c.options[0].paper, c.options[0].electronic), (301, 202));
    assert_eq!(c.options[2].votes(), 8 + 5 + 404 + 289);
    assert!(sum.violations().is_empty());

    let odd = protocol("p-3", count(&[("auyl", 0, 0), ("amanat", 0, 0)]));
    assert_eq!(
        Protocol::sum("e", D, Level::National, "national", &[&a, &odd]).unwrap_err(),
        SumError::Options {
            contest: "mazhilis-list".into(),
            unit: "p-3".into()
        }
    );
    let mut other = protocol("p-4", good());
    other.election = "f".into();
    assert!(matches!(
        Protocol::sum("e", D, Level::National, "national", &[&a, &other]),
        Err(SumError::Election { .. })
    ));
    let mut relabelled = protocol("p-6", good());
    relabelled.definition = "e1".repeat(32);
    assert_eq!(
        Protocol::sum("e", D, Level::National, "national", &[&a, &relabelled]),
        Err(SumError::Definition {
            unit: "p-6".into(),
            expected: D.into(),
            found: "e1".repeat(32)
        })
    );
    let mut huge = protocol("p-5", good());
    huge.contests[0].registered = u64::MAX;
    assert!(matches!(
        Protocol::sum("e", D, Level::National, "national", &[&a, &huge]),
        Err(SumError::Overflow { .. })
    ));
}

#[test]
fn signed_protocols_round_trip_and_the_message_is_domain_separated() {
    let p = protocol("p-1", good());
    let s = SignedProtocol {
        protocol: p.clone(),
        signer: "00".repeat(32),
        signature: "00".repeat(64),
    };
    assert_eq!(SignedProtocol::from_json(&s.to_json()).unwrap(), s);
    let m = SignedProtocol::message(&p);
    assert!(m.starts_with(b"sailau/v1/protocol\n"));
    assert!(m.ends_with(p.to_json().as_bytes()));
    // An unknown field is refused, not ignored.
    let text = p.to_json().replacen("\"registered\"", "\"registred\"", 1);
    assert!(Protocol::from_json(&text).is_err());
}

fn arb_count() -> impl Strategy<Value = ContestCount> {
    // Built from what happened, so the relations hold by construction.
    (
        0u64..5_000,
        0u64..3_000,
        0u64..200,
        0u64..100,
        0u64..1_000,
        0u64..2_000,
        prop::collection::vec(0u64..1_000, 3),
    )
        .prop_flat_map(
            |(station, mobile, spoiled, unused, cards, extra, weights)| {
                (
                    Just((station, mobile, spoiled, unused, cards, extra, weights)),
                    0..=station,
                    0..=mobile,
                    0..=cards,
                )
            },
        )
        .prop_map(
            |((station, mobile, spoiled, unused, cards, extra, w), fs, fm, cast)| {
                let split = |total: u64| -> (Vec<u64>, u64) {
                    let sum: u64 = w.iter().sum::<u64>() + 1;
                    let parts: Vec<u64> = w.iter().map(|x| total * x / sum).collect();
                    let rest = total - parts.iter().sum::<u64>();
                    (parts, rest)
                };
                let (paper, invalid) = split(fs + fm);
                let (electronic, blank) = split(cast);
                ContestCount {
                    contest: "c".into(),
                    registered: station + mobile + cards + extra,
                    paper: PaperCount {
                        received: station + mobile + spoiled + unused,
                        issued_station: station,
                        issued_mobile: mobile,
                        spoiled,
                        unused,
                        found_station: fs,
                        found_mobile: fm,
                        invalid,
                    },
                    electronic: ElectronicCount {
                        issued: cards,
                        cast,
                        blank,
                    },
                    options: ["a", "b", "c"]
                        .iter()
                        .zip(paper.iter().zip(&electronic))
                        .map(|(o, (&p, &e))| OptionCount {
                            option: o.to_string(),
                            paper: p,
                            electronic: e,
                        })
                        .collect(),
                }
            },
        )
}

proptest! {
    /// Protocols that add up sum to one that adds up, and every total of the sum is the sum of
    /// the parts' totals.
    #[test]
    fn sums_of_sound_protocols_are_sound(parts in prop::collection::vec(arb_count(), 1..12)) {
        let ps: Vec<Protocol> = parts.iter().enumerate().map(|(i, c)| {
            prop_assert!(c.violations().is_empty(), "{:?}", c.violations());
            Ok(protocol(&format!("p-{i}"), c.clone()))
        }).collect::<Result<_, TestCaseError>>()?;
        let refs: Vec<&Protocol> = ps.iter().collect();
        let sum = Protocol::sum("e", D, Level::National, "national", &refs).unwrap();
        prop_assert!(sum.violations().is_empty());
        let c = &sum.contests[0];
        prop_assert_eq!(c.ballots_found(), parts.iter().map(|p| p.ballots_found()).sum::<u128>());
        prop_assert_eq!(c.invalid(), parts.iter().map(|p| p.invalid()).sum::<u128>());
        for k in 0..3 {
            prop_assert_eq!(c.options[k].votes(), parts.iter().map(|p| p.options[k].votes()).sum::<u128>());
        }
        prop_assert_eq!(sum.precincts, parts.len() as u64);
    }
}

#[test]
fn a_protocol_prints_in_each_language_with_its_relations() {
    let def = sample::mazhilis_2023(3, 1).check().unwrap();
    let p = protocol("p-00001", good());
    let kk = render(&p, &def, sailau_definition::Language::Kazakh);
    assert!(kk.starts_with("ХАТТАМА\n"), "{kk}");
    assert!(kk.contains("№1 учаскелік сайлау комиссиясы"), "{kk}");
    assert!(
        kk.contains("бақылау арақатынастары: бәрі орындалды"),
        "{kk}"
    );
    // AMANAT: 300 on paper, 200 electronically, 500 in all.
    assert!(
        kk.lines()
            .any(|l| l.starts_with("  AMANAT") && l.ends_with("300          200          500")),
        "{kk}"
    );
    let mut broken = good();
    broken.paper.received += 1;
    let ru = render(
        &protocol("p-00001", broken),
        &def,
        sailau_definition::Language::Russian,
    );
    assert!(
        ru.contains(
            "НАРУШЕНО КОНТРОЛЬНОЕ СООТНОШЕНИЕ: contest mazhilis-list: paper ballots received (601)"
        ),
        "{ru}"
    );
    let en = render(&p, &def, sailau_definition::Language::English);
    assert!(
        en.contains("cards issued for the electronic box") && en.contains("300"),
        "{en}"
    );
}

/// A protocol of zeros for `precinct`, built from the definition's own style and options.
fn zeros(def: &sailau_definition::Checked, precinct: &str) -> Protocol {
    let p = def.precinct(precinct).unwrap();
    let style = def.styles.iter().find(|s| s.id == p.style).unwrap();
    let contests = style
        .contests
        .iter()
        .map(|id| {
            let c = def.contests.iter().find(|c| &c.id == id).unwrap();
            let mut options: Vec<String> = c.options.iter().map(|o| o.id.clone()).collect();
            if c.against_all {
                options.push("against-all".into());
            }
            ContestCount {
                contest: id.clone(),
                registered: 0,
                paper: PaperCount::default(),
                electronic: ElectronicCount::default(),
                options: options
                    .into_iter()
                    .map(|option| OptionCount {
                        option,
                        paper: 0,
                        electronic: 0,
                    })
                    .collect(),
            }
        })
        .collect();
    Protocol {
        format: FORMAT.into(),
        election: def.election.id.clone(),
        definition: def.digest().to_string(),
        level: Level::Precinct,
        unit: precinct.into(),
        precincts: 1,
        station: None,
        contests,
    }
}

#[test]
fn a_protocol_must_be_shaped_like_its_precincts_ballot() {
    let def = sample::mazhilis_2023(6, 1).check().unwrap();
    let id = def.precincts[0].id.clone();
    let other = def.precincts[5].id.clone();
    let good = zeros(&def, &id);
    assert_eq!(shape_problems(&def, &id, &good), Vec::<String>::new());

    // Sent under another precinct's name.
    let p = shape_problems(&def, &other, &good);
    assert!(p.iter().any(|m| m.starts_with("unit:")), "{p:?}");

    // A contest missing.
    let mut short = good.clone();
    short.contests.pop();
    let p = shape_problems(&def, &id, &short);
    assert!(p.iter().any(|m| m.starts_with("contests:")), "{p:?}");

    // Two options swapped: votes would land on the wrong party.
    let mut swapped = good.clone();
    swapped.contests[0].options.swap(0, 1);
    let p = shape_problems(&def, &id, &swapped);
    assert!(p.iter().any(|m| m.starts_with("contests[0]")), "{p:?}");

    // Counted against another definition: its labels and seats are not this election's.
    let mut relabelled = good.clone();
    relabelled.definition = "0".repeat(64);
    let p = shape_problems(&def, &id, &relabelled);
    assert!(p.iter().any(|m| m.starts_with("definition:")), "{p:?}");

    // A summary protocol is not a precinct's.
    let mut summary = good;
    summary.level = Level::Territorial;
    summary.precincts = 2;
    assert_eq!(shape_problems(&def, &id, &summary).len(), 2);
}

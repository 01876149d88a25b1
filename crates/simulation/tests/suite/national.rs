//! The national shape at a tiny fraction, end to end: every region and city, every Mazhilis
//! district, all 223 maslikhats and a station in each of the 62 countries abroad, run through
//! the real stations and guardians, then verified from disk by the independent verifier.
//! (`sailau demo --national` runs the 10,233 real precincts; this keeps CI small.)

use sailau_simulation::{run, Country, Options, Silent};
use std::collections::BTreeSet;

#[test]
fn the_national_shape_runs_and_verifies() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let opts = Options {
        country: Country::National {
            fraction_ppm: 40,
            fewest_precincts: true,
        },
        seed: 11,
        electronic: 50,
        falsify: 0,
    };
    let outcome = run(&opts, dir.path(), &Silent).expect("the national shape runs");
    let def = &outcome.definition;

    // 40 millionths of 12,035,578 voters on the lists, all of them imported but the
    // first list's deliberate mistakes.
    assert!(
        (470..=482).contains(&outcome.on_lists),
        "{}",
        outcome.on_lists
    );
    assert!(outcome.day.electronic > 0 && outcome.day.paper > 0);
    assert_eq!(outcome.regions, 20, "every region and city reported");

    // Every council decided: 223 maslikhats, 3,415 seats, and the 29 Mazhilis districts.
    let mut councils = BTreeSet::new();
    let mut seats = 0u64;
    let mut mazhilis_districts = 0;
    for body in &outcome.results {
        let decided = body.decide();
        assert!(decided.refused.is_empty(), "{:?}", decided.refused);
        for (entry, _) in decided.decisions {
            let c = def
                .contest(&entry.contest.id)
                .expect("a contest of the definition");
            match (body.body, c.kind) {
                (sailau_law::Body::Maslikhat, sailau_law::ContestKind::PartyList) => {
                    councils.insert(c.council.clone());
                    seats += u64::from(c.seats.expect("list seats"));
                }
                (sailau_law::Body::Maslikhat, _) => {
                    councils.insert(c.council.clone());
                    seats += 1;
                }
                (sailau_law::Body::Mazhilis, sailau_law::ContestKind::Smd) => {
                    mazhilis_districts += 1
                }
                _ => {}
            }
        }
    }
    assert_eq!(councils.len(), 223);
    assert_eq!(seats, 3_415);
    assert_eq!(mazhilis_districts, 29);

    // The stations abroad, one in each country, each with its protocol in the record.
    let abroad: Vec<_> = def.precincts.iter().filter(|p| p.abroad).collect();
    assert_eq!(abroad.len(), 62);
    for p in abroad {
        assert!(dir
            .path()
            .join(format!("precincts/{}/protocol.json", p.id))
            .exists());
    }

    // And the observer's check, from the files, the stations streamed from disk.
    let record = sailau_verify::election::folder::open(dir.path()).expect("the record reads");
    let checked = std::sync::atomic::AtomicUsize::new(0);
    let report = record.verify(&sailau_verify::Options::default(), &|| {
        checked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    });
    assert_eq!(checked.into_inner(), def.precincts.len());
    let failed: Vec<_> = report
        .checks
        .iter()
        .filter(|(_, f)| !f.is_empty())
        .collect();
    assert!(report.passed(), "{failed:?}");
    assert_eq!(report.stations.len(), def.precincts.len());
}

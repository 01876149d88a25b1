//! `sailau demo` runs a whole election and `sailau verify DIR` checks it; the same seed gives
//! the same record, byte for byte; and any change to the record is caught and named.

use crate::common::{published, sailau, without_first_entry};
use std::path::{Path, PathBuf};
use std::process::Output;

fn fresh(name: &str) -> PathBuf {
    crate::common::fresh("demo", name)
}

fn demo(out: &Path, seed: &str) -> Output {
    sailau(&[
        "demo",
        "--voters",
        "900",
        "--precincts",
        "4",
        "--seed",
        seed,
        "--electronic",
        "40",
        "--out",
        out.to_str().unwrap(),
    ])
}

#[test]
fn a_demo_election_verifies_and_is_the_same_for_the_same_seed() {
    let a = fresh("a");
    let out = demo(&a, "7");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("All 10 election checks passed"), "{text}");
    assert!(
        text.contains("3 rejected"),
        "the demo's three bad rows are named: {text}"
    );
    assert!(text.contains("1 copied card refused by the box"), "{text}");
    assert!(text.contains("69 seats allocated"), "{text}");
    // The ballots come from a registry, written beside the record: it kept its three
    // invented nominees off them, and an observer checks the record's ballots against it.
    assert!(text.contains(", 2 refused, 1 withdrawn"), "{text}");
    let ledger = a.join("registry.jsonl");
    let definition = a.join("definition.json");
    let r = sailau(&[
        "registry",
        "check",
        ledger.to_str().unwrap(),
        "--definition",
        definition.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&r.stdout);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert!(
        said.contains("every line a registered candidate or list"),
        "{said}"
    );
    // Every list seat the record's contests put at stake is named to a deputy: the Mazhilis's
    // 69 and each regional council's list seats.
    let def: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&definition).unwrap()).unwrap();
    let council_seats: u64 = def["contests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "party-list")
        .filter_map(|c| c["seats"].as_u64())
        .sum();
    assert!(council_seats > 0);
    assert!(
        said.contains(&format!("List seats named: {}\n", 69 + council_seats)),
        "{said}"
    );
    // Two names of a district's ballot swapped: no longer the registry's ballot.
    let mut def: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&definition).unwrap()).unwrap();
    let smd = def["contests"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["kind"] == "smd")
        .unwrap();
    let id = smd["id"].as_str().unwrap().to_string();
    smd["options"].as_array_mut().unwrap().swap(0, 1);
    let swapped = a.with_extension("swapped.json");
    std::fs::write(&swapped, def.to_string()).unwrap();
    let r = sailau(&[
        "registry",
        "check",
        ledger.to_str().unwrap(),
        "--definition",
        swapped.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{said}");
    assert!(said.contains(&format!("contest {id:?}")), "{said}");

    // An observer's verification, from the files.
    let v = sailau(&["verify", a.to_str().unwrap()]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );

    // The same seed, the same election: every published file identical.
    let b = fresh("b");
    assert!(demo(&b, "7").status.success());
    let (fa, fb) = (published(&a), published(&b));
    assert!(fa.len() > 20);
    assert_eq!(
        fa.iter().map(|f| &f.0).collect::<Vec<_>>(),
        fb.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (x, y) in fa.iter().zip(&fb) {
        assert!(x.1 == y.1, "{} differs between two runs with one seed", x.0);
    }
    let _ = std::fs::remove_dir_all(&b);

    // A changed count in a precinct protocol: its signature and the sums no longer hold.
    let protocol = a.join("precincts/p-00001/protocol.json");
    let original = std::fs::read_to_string(&protocol).unwrap();
    let changed = original.replacen("\"registered\": ", "\"registered\": 1", 1);
    std::fs::write(&protocol, &changed).unwrap();
    let v = sailau(&["verify", a.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&v.stdout);
    assert_eq!(v.status.code(), Some(1), "{report}");
    assert!(report.contains("[FAIL] 17."), "{report}");
    assert!(report.contains("[FAIL] 21."), "{report}");
    std::fs::write(&protocol, &original).unwrap();

    // A national total nudged: the sums and the results no longer agree with it.
    let national = a.join("national.json");
    let original = std::fs::read_to_string(&national).unwrap();
    let nudged = original.replacen("\"electronic\": ", "\"electronic\": 9", 1);
    std::fs::write(&national, nudged).unwrap();
    let report =
        String::from_utf8_lossy(&sailau(&["verify", a.to_str().unwrap()]).stdout).into_owned();
    assert!(report.contains("[FAIL] 21."), "{report}");
    std::fs::write(&national, original).unwrap();

    // A ballot removed from a station's record: its seal, its chain and its tally fail.
    let ballots = a.join("precincts/p-00001/ballots.bin");
    let original = std::fs::read(&ballots).unwrap();
    std::fs::write(&ballots, without_first_entry(&original)).unwrap();
    let report =
        String::from_utf8_lossy(&sailau(&["verify", a.to_str().unwrap()]).stdout).into_owned();
    assert!(report.contains("[FAIL] 16."), "{report}");
    assert!(report.contains("[FAIL] 18."), "{report}");
    std::fs::write(&ballots, &original).unwrap();

    // The log as JSON lines, the form of records before the compact one: it verifies the
    // same; both forms side by side are one log too many (exit 2).
    let lines = a.join("precincts/p-00001/ballots.jsonl");
    std::fs::write(&lines, sailau_crypto::compact::to_jsonl(&original).unwrap()).unwrap();
    let both = sailau(&["verify", a.to_str().unwrap()]);
    assert_eq!(both.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&both.stderr).contains("two ballot logs"),
        "{}",
        String::from_utf8_lossy(&both.stderr)
    );
    std::fs::remove_file(&ballots).unwrap();
    let old_form = sailau(&["verify", a.to_str().unwrap()]);
    assert_eq!(
        old_form.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&old_form.stdout)
    );
    std::fs::remove_file(&lines).unwrap();
    std::fs::write(&ballots, original).unwrap();

    // The protocol as the commission posts it, in Russian.
    let print = sailau(&[
        "protocol",
        "print",
        a.join("precincts/p-00001/protocol.json").to_str().unwrap(),
        "--definition",
        a.join("definition.json").to_str().unwrap(),
        "--language",
        "ru",
    ]);
    let text = String::from_utf8_lossy(&print.stdout);
    assert!(print.status.success());
    assert!(text.starts_with("ПРОТОКОЛ\n"), "{text}");
    assert_eq!(
        text.matches("контрольные соотношения: все выполнены")
            .count(),
        5,
        "{text}"
    );

    // A region's summary protocol gone: check 21 says so.
    let region = a.join("territorial/astana.json");
    let saved = std::fs::read(&region).unwrap();
    std::fs::remove_file(&region).unwrap();
    let report =
        String::from_utf8_lossy(&sailau(&["verify", a.to_str().unwrap()]).stdout).into_owned();
    assert!(
        report.contains("territorial/astana.json: missing, and astana has precinct protocols"),
        "{report}"
    );
    std::fs::write(&region, saved).unwrap();

    // Decisions without their results file, or a results file without decisions: unreadable.
    let decided = a.join("results/mazhilis-decided.json");
    let saved = std::fs::read(&decided).unwrap();
    std::fs::remove_file(&decided).unwrap();
    assert_eq!(
        sailau(&["verify", a.to_str().unwrap()]).status.code(),
        Some(2)
    );
    std::fs::write(&decided, saved).unwrap();

    // A missing file is unreadable input.
    std::fs::remove_file(a.join("stations.json")).unwrap();
    assert_eq!(
        sailau(&["verify", a.to_str().unwrap()]).status.code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&a);
}

#[test]
fn the_demo_refuses_a_folder_that_is_not_empty() {
    let d = fresh("full");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("x"), "x").unwrap();
    let out = demo(&d, "1");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "nothing written");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn the_presidential_scenarios_run_verify_and_show_the_majority() {
    let one = fresh("president");
    let out = sailau(&[
        "demo",
        "--scenario",
        "presidential-2022",
        "--voters",
        "1500",
        "--precincts",
        "3",
        "--out",
        one.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The 2022 shares: the first candidate far above half, in the first round.
    assert!(text.contains("Outcome: elected: tokayev"), "{text}");
    assert!(text.contains("Majority: tokayev has"), "{text}");
    assert!(text.contains("All 10 election checks passed"), "{text}");

    let two = fresh("runoff");
    let out = sailau(&[
        "demo",
        "--scenario",
        "presidential-runoff",
        "--voters",
        "3000",
        "--precincts",
        "3",
        "--out",
        two.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("No majority: candidate-a and candidate-b go to a second round."),
        "{text}"
    );
    assert!(text.contains("Second round, more votes wins"), "{text}");
    assert!(text.contains("[pass] 25. a second round follows from its certified first round"));
    // An observer verifies both rounds with one command.
    let v = sailau(&["verify", two.to_str().unwrap()]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
    // The CEC derives the second round from the certified first with one command: exactly
    // the definition the demo ran, three weeks on.
    let first = two.join("first-round");
    let derived = two.join("derived.json");
    let second_round = |date: &str, out: &Path| {
        sailau(&[
            "election",
            "second-round",
            "--record",
            first.to_str().unwrap(),
            "--date",
            date,
            "--id",
            "sample-president-2029-11-18-round-2",
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let o = second_round("2029-12-09", &derived);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read(&derived).unwrap(),
        std::fs::read(two.join("definition.json")).unwrap()
    );
    // Outside the law's two months: refused by the path of the date, nothing written.
    let late = two.join("late.json");
    let o = second_round("2030-03-01", &late);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("first_round.date"));
    assert!(!late.exists());
    // A first round whose record does not verify is not a certified first round.
    let national = first.join("national.json");
    let text = std::fs::read_to_string(&national).unwrap();
    std::fs::write(
        &national,
        text.replacen("\"registered\": ", "\"registered\": 1", 1),
    )
    .unwrap();
    let o = second_round("2029-12-09", &two.join("after-tamper.json"));
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(!two.join("after-tamper.json").exists());

    // A scenario that does not exist is named, with the ones that do.
    let bad = sailau(&["demo", "--scenario", "mayor-2030"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("presidential-runoff"));
}

#[test]
fn the_referendum_akims_and_kurultai_scenarios_run_and_verify() {
    for (scenario, precincts, expect) in [
        // Turnout, adoption and two thirds of the regions, on the live count.
        ("referendum-2022", "5", "Yes majority in 4 of 4 regions"),
        // One rural district in five prefers "against all": its election is to be repeated.
        ("rural-akims-2021", "12", "repeat election: "),
        // 145 seats by list under the 2026 edition.
        ("kurultai-2026", "3", "145 seats allocated"),
        // A region's electors split three ways: its session votes again between the top two.
        (
            "senate-2023",
            "4",
            "second round: Aktobe Region: deputy of the Senate",
        ),
    ] {
        let dir = fresh(scenario);
        let out = sailau(&[
            "demo",
            "--scenario",
            scenario,
            "--voters",
            "2500",
            "--precincts",
            precincts,
            "--out",
            dir.to_str().unwrap(),
        ]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{scenario}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains(expect), "{scenario}: {text}");
        assert!(
            text.contains("All 10 election checks passed"),
            "{scenario}: {text}"
        );
    }
}

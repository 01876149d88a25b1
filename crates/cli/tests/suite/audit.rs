//! `sailau audit plan | assess` on the demo's records: an honest count is confirmed (exit 0);
//! with `--falsify`, the demo names the seat the false protocols moved and the audit does
//! not confirm it, ending in the full hand count that overturns it (exit 1); bad input is
//! exit 2.

use crate::common::{fresh, sailau};
use std::path::Path;

const SEED: &str = "20231903202319032023";

fn demo(dir: &Path, falsify: &str) -> String {
    let out = sailau(&[
        "demo",
        "--voters",
        "3000",
        "--precincts",
        "6",
        "--seed",
        "4",
        "--falsify",
        falsify,
        "--out",
        dir.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

fn plan(dir: &Path, plan: &Path) -> std::process::Output {
    sailau(&[
        "audit",
        "plan",
        dir.to_str().unwrap(),
        "--seed",
        SEED,
        "--risk-limit",
        "0.05",
        "--out",
        plan.to_str().unwrap(),
    ])
}

fn assess(plan: &Path, counts: &Path, json: bool) -> std::process::Output {
    let mut args = vec![
        "audit",
        "assess",
        plan.to_str().unwrap(),
        "--counts",
        counts.to_str().unwrap(),
    ];
    if json {
        args.push("--json");
    }
    sailau(&args)
}

#[test]
fn the_demo_feeds_the_audit_and_a_falsified_seat_is_overturned() {
    // Honest: every outcome stands.
    let honest = fresh("audit", "honest");
    let said = demo(&honest, "0");
    assert!(!said.contains("FALSIFIED"), "{said}");
    let counts = honest.join("private").join("hand-counts.json");
    assert!(
        said.contains(counts.to_str().unwrap()),
        "the demo says where the hand counts are"
    );
    let p = honest.join("plan.json");
    let out = plan(&honest, &p);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("mazhilis-list: seats:"), "{text}");
    let out = assess(&p, &counts, true);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = json["contests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["contest"] == "mazhilis-list")
        .unwrap();
    assert!(
        matches!(
            list["status"].as_str(),
            Some("confirmed" | "confirmed-by-full-count")
        ),
        "{list}"
    );

    // Falsified: one commission moves enough paper votes to change a seat.
    let bad = fresh("audit", "falsified");
    let said = demo(&bad, "1");
    assert!(said.contains("FALSIFIED: 1 precinct commissions"), "{said}");
    assert!(said.contains("The seat that changed"), "{said}");
    let p = bad.join("plan.json");
    assert_eq!(plan(&bad, &p).status.code(), Some(0));
    let out = assess(&p, &bad.join("private").join("hand-counts.json"), false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("OVERTURNED by the full hand count"), "{text}");
    assert!(text.contains("differ from their protocol"), "{text}");

    // Bad input: exit 2, and no plan written.
    let nowhere = bad.join("never.json");
    let out = sailau(&[
        "audit",
        "plan",
        bad.to_str().unwrap(),
        "--seed",
        "42",
        "--out",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 20 decimal digits"));
    assert!(!nowhere.exists());
    // Hand counts of another definition.
    let mut other: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&counts).unwrap()).unwrap();
    other["definition"] = "00".repeat(32).into();
    let elsewhere = bad.join("elsewhere.json");
    std::fs::write(&elsewhere, other.to_string()).unwrap();
    let out = assess(&p, &elsewhere, false);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("another election or definition"));
    let garbage = bad.join("garbage.json");
    std::fs::write(&garbage, "{\"format\": \"sailau-hand-counts/1\"}").unwrap();
    let out = assess(&p, &garbage, false);
    assert_eq!(out.status.code(), Some(2));
}

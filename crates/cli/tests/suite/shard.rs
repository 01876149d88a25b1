//! Sharded verification as a batch scheduler runs it: `sailau verify RECORD --shard K/N --out
//! F` on each share, then `--merge` on the N reports. The merge reaches the same verdict as
//! the whole verification, and refuses a share missing, repeated or of another record.

use crate::common::{fresh, sailau, without_first_entry};
use std::path::Path;
use std::process::Output;

fn text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn demo(out: &Path, seed: &str) {
    let o = sailau(&[
        "demo",
        "--voters",
        "700",
        "--precincts",
        "5",
        "--seed",
        seed,
        "--electronic",
        "60",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
}

fn shard(record: &Path, k: &str, out: &Path) -> Output {
    sailau(&[
        "verify",
        record.to_str().unwrap(),
        "--shard",
        k,
        "--out",
        out.to_str().unwrap(),
    ])
}

fn merge(record: &Path, reports: &[&Path]) -> Output {
    let mut args = vec!["verify", record.to_str().unwrap(), "--merge"];
    args.extend(reports.iter().map(|p| p.to_str().unwrap()));
    sailau(&args)
}

#[test]
fn three_shards_merge_to_the_whole_verdict_and_a_bad_set_is_refused() {
    let rec = fresh("shard", "record");
    demo(&rec, "5");
    let work = fresh("shard", "reports");
    std::fs::create_dir_all(&work).unwrap();
    let report = |k: u32| work.join(format!("shard-{k}.json"));
    for k in 1..=3 {
        let o = shard(&rec, &format!("{k}/3"), &report(k));
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert!(text(&o).contains(&format!("--shard {k}/3")), "{}", text(&o));
    }
    // Five stations in three shares: 2, 2 and 1 of them, each station in one share.
    let stations = |k: u32| {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(report(k)).unwrap()).unwrap();
        v["stations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["precinct"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let all: Vec<String> = (1..=3).flat_map(stations).collect();
    let mut sorted = all.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!((all.len(), sorted.len()), (5, 5), "{all:?}");
    assert_eq!(stations(3).len(), 1);

    let (r1, r2, r3) = (report(1), report(2), report(3));
    let whole = sailau(&["verify", rec.to_str().unwrap()]);
    let merged = merge(&rec, &[&r3, &r1, &r2]);
    assert_eq!(merged.status.code(), Some(0), "{}", text(&merged));
    assert!(
        text(&merged).contains("All 10 election checks passed"),
        "{}",
        text(&merged)
    );
    // The same verdict line by line, but for the time taken.
    let body = |o: &Output| -> Vec<String> {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| !l.contains("checked in"))
            .map(String::from)
            .collect()
    };
    assert_eq!(body(&merged), body(&whole));

    // A share missing, a share repeated, a shard of another count: refused (exit 2).
    let missing = merge(&rec, &[&r1, &r2]);
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));
    assert!(
        text(&missing).contains("shard 3/3 is missing"),
        "{}",
        text(&missing)
    );
    let repeated = merge(&rec, &[&r1, &r2, &r2, &r3]);
    assert_eq!(repeated.status.code(), Some(2));
    assert!(
        text(&repeated).contains("shard 2/3 is given twice"),
        "{}",
        text(&repeated)
    );
    let half = work.join("half.json");
    assert_eq!(shard(&rec, "1/2", &half).status.code(), Some(0));
    let mixed = merge(&rec, &[&r1, &r2, &half]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(
        text(&mixed).contains("the first report is of 3 shards"),
        "{}",
        text(&mixed)
    );

    // A report of another election's record.
    let other = fresh("shard", "other");
    demo(&other, "6");
    let stranger = work.join("stranger.json");
    assert_eq!(shard(&other, "2/3", &stranger).status.code(), Some(0));
    let foreign = merge(&rec, &[&r1, &stranger, &r3]);
    assert_eq!(foreign.status.code(), Some(2));
    assert!(
        text(&foreign).contains("another record"),
        "{}",
        text(&foreign)
    );
    // A report edited to drop one of its stations.
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&r1).unwrap()).unwrap();
    v["stations"].as_array_mut().unwrap().pop();
    let cut = work.join("cut.json");
    std::fs::write(&cut, serde_json::to_vec(&v).unwrap()).unwrap();
    let o = merge(&rec, &[&cut, &r2, &r3]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("not shard 1/3's stations"),
        "{}",
        text(&o)
    );
    let _ = std::fs::remove_dir_all(&other);

    // A ballot removed from the first station's record: its shard fails (exit 1), and so does
    // the merge, at checks 16 and 18, as the whole verification does.
    let first = stations(1)[0].clone();
    let ballots = rec.join(format!("precincts/{first}/ballots.bin"));
    let original = std::fs::read(&ballots).unwrap();
    std::fs::write(&ballots, without_first_entry(&original)).unwrap();
    let o = shard(&rec, "1/3", &r1);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains(&first), "{}", text(&o));
    let merged = merge(&rec, &[&r1, &r2, &r3]);
    assert_eq!(merged.status.code(), Some(1));
    assert!(text(&merged).contains("[FAIL] 16."), "{}", text(&merged));
    assert!(text(&merged).contains("[FAIL] 18."), "{}", text(&merged));
    let whole = sailau(&["verify", rec.to_str().unwrap()]);
    assert_eq!(body(&merged), body(&whole));
    let _ = std::fs::remove_dir_all(&rec);
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn a_shard_must_be_k_of_n_and_have_somewhere_to_go() {
    let rec = fresh("shard", "args");
    for bad in ["0/3", "4/3", "3", "a/b"] {
        let o = sailau(&[
            "verify",
            rec.to_str().unwrap(),
            "--shard",
            bad,
            "--out",
            "x.json",
        ]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", text(&o));
        assert!(text(&o).contains("K/N"), "{bad}: {}", text(&o));
    }
    let o = sailau(&["verify", rec.to_str().unwrap(), "--shard", "1/2"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

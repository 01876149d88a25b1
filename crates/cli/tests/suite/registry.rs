//! `sailau registry`: the ledger file as a commission and an observer use it.

use crate::common::{fresh, sailau};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn the_2023_ledger_is_written_checked_and_appended_to() {
    let dir = fresh("registry", "ledger");
    std::fs::create_dir_all(&dir).unwrap();
    let ledger = dir.join("2023.jsonl");
    let l = ledger.to_str().unwrap();
    let out = sailau(&["registry", "sample", "--out", l]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Never over an existing ledger.
    assert_eq!(
        sailau(&["registry", "sample", "--out", l]).status.code(),
        Some(2)
    );

    let out = sailau(&["registry", "check", l]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("609 nominated, 435 registered (359 self-nominated, women 19.54%)"),
        "{shown}"
    );
    assert!(shown.contains("793 foreign observers from 41 countries; 230 foreign journalists"));
    assert!(shown.contains("state funding paid 413,250,000 tenge"));

    // A refused act: exit 1, the reason named, the file untouched.
    let before = std::fs::read(&ledger).unwrap();
    let act = dir.join("late.json");
    std::fs::write(
        &act,
        r#"{"act": "mission", "id": "late", "organisation": "Late", "head": "Someone"}"#,
    )
    .unwrap();
    let out = sailau(&[
        "registry",
        "append",
        l,
        act.to_str().unwrap(),
        "--as",
        "cec",
        "--name",
        "CEC",
        "--at",
        "2023-04-01T10:00:00+06:00",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("foreign-observers term ended at 2023-03-13T12:00:00Z"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&ledger).unwrap(), before);

    // A party may not act for another: refused by role, untouched.
    let accredit = dir.join("accredit.json");
    std::fs::write(
        &accredit,
        r#"{"act": "accredit", "id": "ngo-1", "name": "Aida Observer", "kind": {"for": "ngo", "organisation": "Erkindik Qanaty"}}"#,
    )
    .unwrap();
    let out = sailau(&[
        "registry",
        "append",
        l,
        accredit.to_str().unwrap(),
        "--as",
        "party:amanat",
        "--name",
        "X",
        "--at",
        "2023-04-01T10:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&ledger).unwrap(), before);

    // A territorial commission accredits an NGO's observer: one more entry, still checked.
    let out = sailau(&[
        "registry",
        "append",
        l,
        accredit.to_str().unwrap(),
        "--as",
        "territorial:district-1",
        "--name",
        "Secretary",
        "--at",
        "2023-04-01T10:00:00Z",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("entry 5225: accredit"));
    let out = sailau(&["registry", "check", l, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["entries"], 5225);
    assert_eq!(v["accredited"], 1031);
}

#[test]
fn an_edited_or_broken_ledger_is_named() {
    let dir = fresh("registry", "broken");
    std::fs::create_dir_all(&dir).unwrap();
    let ledger = dir.join("2023.jsonl");
    let l = ledger.to_str().unwrap();
    assert!(sailau(&["registry", "sample", "--out", l]).status.success());
    let good = std::fs::read_to_string(&ledger).unwrap();

    // A deposit halved in entry 900-something: exit 1, the entry named.
    let lines: Vec<&str> = good.lines().collect();
    let k = lines
        .iter()
        .position(|x| x.contains(r#""act":"deposit""#))
        .unwrap();
    let edited = lines[k].replace(r#""amount":1050000"#, r#""amount":525000"#);
    assert_ne!(edited, lines[k]);
    let mut changed: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    changed[k] = edited;
    std::fs::write(&ledger, changed.join("\n") + "\n").unwrap();
    let out = sailau(&["registry", "check", l]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("entry {}: its hash", k + 1)), "{err}");

    // Half a line: exit 2, the line named.
    std::fs::write(&ledger, format!("{}\n{{\"seq\": 2, \"at\"", lines[0])).unwrap();
    let out = sailau(&["registry", "check", l]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("line 2"));
}

#[test]
fn the_calendar_of_2023_is_printed_from_its_calling() {
    let out = sailau(&[
        "registry",
        "calendar",
        "--called",
        "2023-01-19",
        "--day",
        "2023-03-19",
        "--results",
        "2023-03-27",
    ]);
    assert!(out.status.success());
    let s = text(&out.stdout);
    assert!(
        s.contains("nomination           from 2023-01-20 00:00  until 2023-02-08 18:00"),
        "{s}"
    );
    assert!(s.contains("naming-deputies      from 2023-03-27 00:00  until 2023-04-07 00:00"));
    let bad = sailau(&[
        "registry",
        "calendar",
        "--called",
        "2023-03-20",
        "--day",
        "2023-03-19",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

//! Bad input gets one clear line on stderr naming the file and the field, exit code 2, and
//! nothing on stdout. Never a panic.

use crate::common::{fresh, sailau};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD: &str = include_str!("../../../../fixtures/official/2023-03-19-mazhilis.json");

fn file(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-input");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs `sailau results` on `text` and returns its one stderr line.
fn refused(name: &str, text: &str, extra: &[&str]) -> String {
    let p = file(name, text);
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .arg("results")
        .arg(&p)
        .args(extra)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{name}: {err}");
    assert!(
        out.stdout.is_empty(),
        "{name}: nothing is printed on stdout"
    );
    assert_eq!(err.lines().count(), 1, "{name}: one line: {err}");
    assert!(
        err.contains(p.to_str().unwrap()),
        "{name}: names the file: {err}"
    );
    assert!(!err.contains("panicked"), "{name}: {err}");
    err
}

fn edit(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "fixture has {from:?}");
    GOOD.replacen(from, to, 1)
}

#[test]
fn malformed_and_truncated_json() {
    assert!(refused("malformed.json", "{ \"format\": ", &[]).contains("not valid JSON"));
    let cut = &GOOD[..GOOD.len() / 2];
    assert!(refused("truncated.json", cut, &[]).contains("not valid JSON"));
    assert!(refused("empty.json", "", &[]).contains("not valid JSON"));
}

#[test]
fn unknown_format_version_and_kinds() {
    let e = refused(
        "v2.json",
        &edit("sailau-results/1", "sailau-results/2"),
        &[],
    );
    assert!(
        e.contains("format: unknown format \"sailau-results/2\""),
        "{e}"
    );
    let e = refused(
        "kind.json",
        &edit("\"kind\": \"mazhilis\"", "\"kind\": \"parliament\""),
        &[],
    );
    assert!(
        e.contains("election.kind: unknown kind \"parliament\""),
        "{e}"
    );
    let e = refused(
        "ckind.json",
        &edit("\"kind\": \"party-list\"", "\"kind\": \"list\""),
        &[],
    );
    assert!(e.contains("contests[0].kind: unknown kind \"list\""), "{e}");
    let e = refused(
        "field.json",
        &edit("\"against_all\"", "\"against_al\""),
        &[],
    );
    assert!(
        e.contains("contests[0]") && e.contains("against_al"),
        "a misspelt field is refused: {e}"
    );
}

#[test]
fn negative_and_overflowing_counts() {
    let e = refused(
        "negative.json",
        &edit("\"votes\": 146431", "\"votes\": -146431"),
        &[],
    );
    assert!(e.contains("contests[0].options[6].votes"), "{e}");
    let e = refused(
        "overflow.json",
        &edit("\"votes\": 146431", "\"votes\": 18446744073709551616"),
        &[],
    );
    assert!(e.contains("contests[0].options[6].votes"), "{e}");
    let big = edit("\"votes\": 146431", "\"votes\": 18446744073709551615");
    let e = refused("sum.json", &big, &[]);
    assert!(e.contains("contests[0]"), "{e}");
}

#[test]
fn votes_that_exceed_ballots_cast() {
    let e = refused(
        "exceed.json",
        &edit("\"ballots_cast\": 6524487", "\"ballots_cast\": 6000000"),
        &[],
    );
    assert!(
        e.contains("contests[0].ballots_cast") && e.contains("exceed"),
        "{e}"
    );
    let e = refused(
        "cast.json",
        &edit("\"registered\": 12035578", "\"registered\": 6000000"),
        &[],
    );
    assert!(
        e.contains("contests[0].ballots_cast: 6524487 exceeds registered"),
        "{e}"
    );
}

#[test]
fn duplicate_ids_and_zero_seats() {
    let e = refused(
        "dup.json",
        &edit("\"id\": \"auyl\"", "\"id\": \"amanat\""),
        &[],
    );
    assert!(
        e.contains("contests[0].options[1].id") && e.contains("two options"),
        "{e}"
    );
    let e = refused(
        "aa.json",
        &edit("\"id\": \"baytaq\"", "\"id\": \"against-all\""),
        &[],
    );
    assert!(
        e.contains("contests[0].options[6].id") && e.contains("against_all field"),
        "{e}"
    );
    let e = refused("zero.json", &edit("\"seats\": 69", "\"seats\": 0"), &[]);
    assert!(e.contains("contests[0].seats: must be at least 1"), "{e}");
    let e = refused("seats.json", &edit("\"seats\": 69", "\"seats\": 70"), &[]);
    assert!(
        e.contains("contests[0].seats") && e.contains("--seats"),
        "the fix is named: {e}"
    );
}

#[test]
fn a_date_no_edition_covers() {
    let e = refused("date.json", &edit("2023-03-19", "2027-03-19"), &[]);
    assert!(
        e.contains("election.date: no edition of the mazhilis rules is in force on 2027-03-19"),
        "{e}"
    );
    let e = refused("baddate.json", &edit("2023-03-19", "2023-02-30"), &[]);
    assert!(e.contains("election.date"), "{e}");
}

#[test]
fn options_that_do_not_apply() {
    let p = file(
        "president.json",
        include_str!("../../../../fixtures/official/2022-11-20-presidential.json"),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(["results", p.to_str().unwrap(), "--seats", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seats applies to party-list contests"));
    let p = file("edition.json", GOOD);
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(["results", p.to_str().unwrap(), "--edition", "mazhilis-1066"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("--edition: unknown edition \"mazhilis-1066\"; known: president-1995"),
        "{e}"
    );
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(["results", "/nonexistent/x.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/x.json: cannot read"));
}

#[test]
fn an_unwritable_output_is_exit_3_and_a_closed_pipe_is_no_panic() {
    let full = std::fs::File::create("/dev/full").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .arg("official")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the output"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .arg("official")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is read
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

// The command line's other commands (docs/bad-input.md §1): each refusal is a documented exit
// code and a line on stderr that names the file, the option or the field, and nothing is
// written. Each test runs its own small demo election where it needs a record.

/// Asserts that `out` exited with `code` and named `needle` on stderr, without a panic.
pub(super) fn says(case: &str, out: &Output, code: i32, needle: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{case}: {err}");
    assert!(
        err.contains(needle),
        "{case}: stderr names {needle:?}: {err}"
    );
    assert!(!err.contains("panicked"), "{case}: {err}");
}

/// A small demo election of `scenario` in a new folder of this test: its whole record, and
/// its stations, lists and keys under `private/`.
pub(super) fn demo(test: &str, scenario: &str) -> PathBuf {
    let dir = fresh("bad-input", test);
    let out = sailau(&[
        "demo",
        "--voters",
        "200",
        "--precincts",
        "2",
        "--seed",
        "3",
        "--scenario",
        scenario,
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

pub(super) fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn write_json(p: &Path, v: &serde_json::Value) {
    std::fs::write(p, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

#[test]
fn results_options_out_of_range_and_a_check_with_nothing_expected() {
    let p = file("options.json", GOOD);
    let pct = "'--threshold <PCT>': a percentage from 0 to 100 with at most 6 decimals";
    let cases: [(&str, &[&str], &str); 5] = [
        ("threshold over 100", &["--threshold", "101"], pct),
        ("threshold below 0", &["--threshold=-1"], pct),
        (
            "threshold with 7 decimals",
            &["--threshold", "5.1234567"],
            pct,
        ),
        ("threshold not a number", &["--threshold", "abc"], pct),
        (
            "no seats",
            &["--seats", "0"],
            "'--seats <N>': 0 is not in 1..",
        ),
    ];
    for (case, extra, needle) in cases {
        let out = sailau(&[&["results", s(&p)], extra].concat());
        says(case, &out, 2, needle);
        assert!(out.stdout.is_empty(), "{case}: nothing decided");
    }
    // The file's only `expected` block taken out: `--check` has nothing to compare.
    let start = GOOD.find(",\n      \"expected\"").unwrap();
    let end = start + 2 + GOOD[start + 2..].find('\n').unwrap();
    let none = file(
        "nothing-expected.json",
        &[&GOOD[..start], &GOOD[end..]].concat(),
    );
    let out = sailau(&["results", s(&none), "--check"]);
    says(
        "--check with no expected",
        &out,
        2,
        &format!("{}: --check: no contest has an `expected` block", s(&none)),
    );
}

#[test]
fn a_definition_that_does_not_read_is_named_at_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = sailau_definition::sample::mazhilis_2023(2, 1).to_json();
    let edit = |from: &str, to: &str| {
        assert!(good.contains(from), "the definition has {from:?}");
        good.replacen(from, to, 1)
    };
    let cases = [
        ("not JSON", "{".to_string(), "EOF while parsing"),
        (
            "an unknown field",
            edit("\"election\": {", "\"election\": {\"bogus\": 1, "),
            "election.bogus: unknown field `bogus`",
        ),
        (
            "an unknown kind",
            edit("\"kind\": \"party-list\"", "\"kind\": \"list\""),
            "kind: unknown kind \"list\"",
        ),
    ];
    for (i, (case, text, needle)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("def-{i}.json"));
        std::fs::write(&path, text).unwrap();
        let out = sailau(&["definition", "check", s(&path)]);
        says(case, &out, 2, needle);
        says(case, &out, 2, &format!("{}: ", s(&path)));
        let canonical = dir.path().join(format!("canonical-{i}.json"));
        let out = sailau(&["definition", "canonical", s(&path), "--out", s(&canonical)]);
        says(case, &out, 2, needle);
        assert!(!canonical.exists(), "{case}: nothing written");
    }
}

/// A new station database for precinct p-00001 of the demo `record`.
pub(super) fn station(record: &Path, db: &Path) {
    let out = sailau(&[
        "station",
        "create",
        "--db",
        s(db),
        "--definition",
        s(&record.join("definition.json")),
        "--election",
        s(&record.join("election.json")),
        "--precinct",
        "p-00001",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub(super) fn voters_in(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM voters", [], |r| r.get(0))
        .unwrap()
}

/// A valid IIN of someone born on `birth` (YYYY-MM-DD).
pub(super) fn iin(birth: &str) -> String {
    let b = birth.parse().unwrap();
    (0..)
        .find_map(|n| sailau_voters::Iin::issue(b, sailau_voters::Sex::Female, n))
        .unwrap()
        .to_string()
}

pub(super) const HEADER: &str = "iin,name,birth_date,precinct,flags\n";

#[test]
fn a_station_is_not_set_up_or_opened_from_another_elections_files() {
    let a = demo("station-a", "mazhilis-2023");
    let other = fresh("bad-input", "station-b");
    let out = sailau(&[
        "demo",
        "--voters",
        "200",
        "--precincts",
        "3",
        "--seed",
        "4",
        "--out",
        s(&other),
    ]);
    assert!(out.status.success());
    // Another definition's election.json: refused, no database.
    let db = a.join("new.db");
    let out = sailau(&[
        "station",
        "create",
        "--db",
        s(&db),
        "--definition",
        s(&a.join("definition.json")),
        "--election",
        s(&other.join("election.json")),
        "--precinct",
        "p-00001",
    ]);
    says(
        "another election.json",
        &out,
        2,
        "its manifest is not the one the definition gives",
    );
    assert!(!db.exists(), "no database written");

    // --db that is not a station's database: missing, not SQLite, of another format version.
    let list = a.join("list.csv");
    std::fs::write(
        &list,
        format!(
            "{HEADER}{},Ахметова Айгүл,1975-04-02,p-00001,\n",
            iin("1975-04-02")
        ),
    )
    .unwrap();
    let missing = a.join("missing.db");
    let text = a.join("text.db");
    std::fs::write(&text, "not a database").unwrap();
    let old = a.join("old.db");
    station(&a, &old);
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute(
            "UPDATE meta SET value = ?1 WHERE key = 'format'",
            [b"sailau-station/1".to_vec()],
        )
        .unwrap();
    let cases = [
        (&missing, "no such file"),
        (&text, "the station's database"),
        (&old, "a sailau-station/1 database, not sailau-station/2"),
    ];
    for (db, needle) in cases {
        let case = db.file_name().unwrap().to_string_lossy().into_owned();
        let out = sailau(&["station", "load-voters", "--db", s(db), s(&list)]);
        says(&case, &out, 2, needle);
        says(&case, &out, 2, s(db));
        let out = sailau(&["station", "box", "--db", s(db), "--cards", s(&a)]);
        says(&case, &out, 2, needle);
    }
    assert!(!missing.exists(), "a missing database is not created");
}

#[test]
fn a_voter_list_is_loaded_strictly_and_never_after_sealing() {
    let record = demo("voters", "mazhilis-2023");
    let db = record.join("p1.db");
    station(&record, &db);
    let write = |name: &str, bytes: &[u8]| {
        let p = record.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };

    // Files that are not a voter list at all (§4.3 V1–V3): refused whole, nothing loaded.
    let row = format!("{},Ахметова Айгүл,1975-04-02,p-00001,\n", iin("1975-04-02"));
    let mut cp1251 = format!("{HEADER}{row}").into_bytes();
    cp1251.extend_from_slice(b"030405600001,\xc8\xe2\xe0\xed\xee\xe2,2003-04-05,p-00001,\n");
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("not UTF-8", cp1251, "not UTF-8"),
        ("empty", Vec::new(), "the file is empty"),
        ("blank lines", b"\n\n".to_vec(), "the file is empty"),
        (
            "no header",
            row.clone().into_bytes(),
            "line 1 must be the header",
        ),
    ];
    for (i, (case, bytes, needle)) in cases.into_iter().enumerate() {
        let csv = write(&format!("not-a-list-{i}.csv"), &bytes);
        let out = sailau(&["station", "load-voters", "--db", s(&db), s(&csv)]);
        says(case, &out, 2, needle);
        says(case, &out, 2, s(&csv));
        assert_eq!(voters_in(&db), 0, "{case}: nothing loaded");
    }

    // People the law keeps off the list (§4.3 V19–V20): not wrong rows; named on stdout.
    let young = iin("2010-06-01");
    let ward = iin("1960-02-03");
    let kept = write(
        "kept-off.csv",
        format!(
            "{HEADER}{row}{young},Сейітов Әли,2010-06-01,p-00001,\n{ward},Бекова Сәуле,1960-02-03,p-00001,incompetent\n"
        )
        .as_bytes(),
    );
    let out = sailau(&["station", "load-voters", "--db", s(&db), s(&kept)]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shown.contains("1 voters loaded"), "{shown}");
    assert!(
        shown.contains(&format!("line 3: {young} kept off the list: under 18")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("line 4: {ward} kept off the list")),
        "{shown}"
    );
    assert_eq!(voters_in(&db), 1, "only the voter is on the list");

    // The demo's station is sealed: its list is closed.
    let sealed = record.join("private/stations/p-00001.db");
    let before = voters_in(&sealed);
    let one = write("one.csv", format!("{HEADER}{row}").as_bytes());
    let out = sailau(&["station", "load-voters", "--db", s(&sealed), s(&one)]);
    says("a sealed station", &out, 2, "the station is sealed");
    assert_eq!(voters_in(&sealed), before, "the list unchanged");
}

#[test]
fn the_ballot_box_and_a_new_terminal_need_the_right_folders() {
    let record = demo("folders", "mazhilis-2023");
    let db = record.join("p1.db");
    station(&record, &db);
    let missing = record.join("no-cards");
    let a_file = record.join("stations.json");
    for (case, cards) in [("missing", &missing), ("a file", &a_file)] {
        let out = sailau(&["station", "box", "--db", s(&db), "--cards", s(cards)]);
        says(case, &out, 2, &format!("{}: cannot read", s(cards)));
        assert!(out.stdout.is_empty(), "{case}: no card taken");
    }
    // Into a folder that already holds a terminal: the demo's, and one just set up.
    let fresh_dir = record.join("t1");
    let out = sailau(&[
        "station",
        "add-terminal",
        "--db",
        s(&db),
        "--dir",
        s(&fresh_dir),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = std::fs::read(fresh_dir.join("key")).unwrap();
    let demo_terminal = record.join("private/terminals/p-00001-t1");
    for dir in [&fresh_dir, &demo_terminal] {
        let out = sailau(&["station", "add-terminal", "--db", s(&db), "--dir", s(dir)]);
        says(
            s(dir),
            &out,
            2,
            &format!("{} already holds a terminal", s(dir)),
        );
    }
    assert_eq!(
        std::fs::read(fresh_dir.join("key")).unwrap(),
        key,
        "the terminal's key is kept"
    );
}

#[test]
fn protocol_print_and_check_name_what_is_wrong() {
    let record = demo("protocol", "mazhilis-2023");
    let def = record.join("definition.json");
    let stations = record.join("stations.json");
    let copy = record.join("precincts/p-00001/protocol.json");
    let print = |file: &Path, extra: &[&str]| {
        sailau(
            &[
                &["protocol", "print", s(file), "--definition", s(&def)],
                extra,
            ]
            .concat(),
        )
    };
    let out = print(&copy, &["--language", "de"]);
    says("--language de", &out, 2, "--language de: use kk, ru or en");
    assert!(out.stdout.is_empty());
    let out = print(&stations, &[]);
    says(
        "print a stations.json",
        &out,
        2,
        &format!("{}: not a protocol", s(&stations)),
    );
    assert!(out.stdout.is_empty());

    let check = |file: &Path, def: &Path, stations: &Path| {
        sailau(&[
            "protocol",
            "check",
            s(file),
            "--definition",
            s(def),
            "--stations",
            s(stations),
        ])
    };
    // Readable, but not a genuine protocol of this precinct: exit 1, each problem named.
    let no_keys = record.join("no-keys.json");
    std::fs::write(&no_keys, "[]").unwrap();
    let other_def = record.join("other-definition.json");
    std::fs::write(
        &other_def,
        sailau_definition::sample::mazhilis_2023(2, 1).to_json(),
    )
    .unwrap();
    let edited = |name: &str, change: &dyn Fn(&mut serde_json::Value)| {
        let mut v = json(&copy);
        change(&mut v["protocol"]);
        let p = record.join(name);
        write_json(&p, &v);
        p
    };
    let territorial = edited("territorial.json", &|p| p["level"] = "territorial".into());
    let unbalanced = edited("unbalanced.json", &|p| {
        let unused = p["contests"][0]["paper"]["unused"].as_u64().unwrap();
        p["contests"][0]["paper"]["unused"] = (unused + 1).into();
    });
    let reshaped = edited("reshaped.json", &|p| {
        p["contests"][0]["options"][1]["option"] = "nobody".into();
    });
    let cases = [
        (
            "no key",
            &copy,
            &def,
            &no_keys,
            format!("p-00001 has no station key in {}", s(&no_keys)),
        ),
        (
            "another definition",
            &copy,
            &other_def,
            &stations,
            format!("{}: it names the definition", s(&copy)),
        ),
        (
            "not a precinct's",
            &territorial,
            &def,
            &stations,
            "p-00001 is not a precinct's protocol".into(),
        ),
        (
            "a control relation broken",
            &unbalanced,
            &def,
            &stations,
            "paper ballots received".into(),
        ),
        (
            "not the ballot's shape",
            &reshaped,
            &def,
            &stations,
            "options [amanat, nobody".into(),
        ),
    ];
    for (case, file, def, stations, needle) in cases {
        let out = check(file, def, stations);
        says(case, &out, 1, &needle);
        assert!(out.stdout.is_empty(), "{case}: not passed");
    }
    // Not a signed protocol, or not a list of station keys: exit 2.
    let out = check(&stations, &def, &stations);
    says(
        "check a stations.json",
        &out,
        2,
        &format!("{}: not a signed protocol", s(&stations)),
    );
    let out = check(&copy, &def, &def);
    says(
        "--stations a definition",
        &out,
        2,
        &format!("{}: not a stations.json", s(&def)),
    );
}

#[test]
fn verify_options_that_do_not_fit_the_record() {
    let election = demo("verify", "mazhilis-2023");
    let station = fresh("bad-input", "verify-station");
    let out = sailau(&["sample-record", "--out", s(&station), "--ballots", "5"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = station.join("shard.json");
    let out = sailau(&["verify", s(&station), "--shard", "1/2", "--out", s(&report)]);
    says(
        "--shard on a station",
        &out,
        2,
        "for an election record, not one station's",
    );
    assert!(!report.exists(), "no shard report written");
    let out = sailau(&[
        "verify",
        s(&station),
        "--merge",
        s(&station.join("ballots.jsonl")),
    ]);
    says(
        "--merge on a station",
        &out,
        2,
        "for an election record, not one station's",
    );
    let out = sailau(&["verify", s(&election), "--json"]);
    says(
        "--json on an election",
        &out,
        2,
        "--json is for one station's record",
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_second_round_needs_a_runoff_and_a_date() {
    let second = |record: &Path, date: &str, out: &Path| {
        sailau(&[
            "election",
            "second-round",
            "--record",
            s(record),
            "--date",
            date,
            "--out",
            s(out),
        ])
    };
    let mazhilis = demo("second-round-mazhilis", "mazhilis-2023");
    let out_file = mazhilis.join("round-2.json");
    let out = second(&mazhilis, "2023-04-09", &out_file);
    says(
        "no runoff",
        &out,
        2,
        "the law sent no contest of this election to a second round",
    );
    assert!(!out_file.exists(), "no runoff: nothing written");
    let runoff = demo("second-round-runoff", "presidential-runoff");
    let first = runoff.join("first-round");
    let out_file = runoff.join("round-2.json");
    for date in ["tomorrow", "2029-02-30", "2029-12-9", ""] {
        let out = second(&first, date, &out_file);
        says(
            date,
            &out,
            2,
            &format!("--date: {date:?} is not a date of the form YYYY-MM-DD"),
        );
        assert!(!out_file.exists(), "{date:?}: nothing written");
    }
}

#[test]
fn observer_compare_names_a_copy_that_is_not_genuine_and_an_unreadable_folder() {
    let record = demo("observer", "mazhilis-2023");
    let copies = record.join("copies");
    std::fs::create_dir_all(&copies).unwrap();
    std::fs::copy(
        record.join("precincts/p-00001/protocol.json"),
        copies.join("p-00001.json"),
    )
    .unwrap();
    // The same copy against a record whose published keys of the two precincts are swapped,
    // and against a record of another definition that publishes the same keys.
    let swapped = record.join("swapped");
    std::fs::create_dir_all(&swapped).unwrap();
    std::fs::copy(
        record.join("definition.json"),
        swapped.join("definition.json"),
    )
    .unwrap();
    let mut keys = json(&record.join("stations.json"));
    let (a, b) = (keys[0]["public_key"].clone(), keys[1]["public_key"].clone());
    keys[0]["public_key"] = b;
    keys[1]["public_key"] = a;
    write_json(&swapped.join("stations.json"), &keys);
    let another = record.join("another");
    std::fs::create_dir_all(&another).unwrap();
    std::fs::write(
        another.join("definition.json"),
        sailau_definition::sample::mazhilis_2023(2, 1).to_json(),
    )
    .unwrap();
    std::fs::copy(record.join("stations.json"), another.join("stations.json")).unwrap();
    let cases = [
        (
            "not signed by the published key",
            &swapped,
            "not a genuine copy: precinct p-00001's station key, as the record publishes it, did not sign it",
        ),
        ("another definition", &another, "a copy of another election's protocol"),
    ];
    for (case, published, needle) in cases {
        let out = sailau(&["observer", "compare", s(&copies), s(published)]);
        says(case, &out, 1, needle);
        says(case, &out, 1, s(&copies.join("p-00001.json")));
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(
            shown.contains("0 match the published protocol"),
            "{case}: {shown}"
        );
    }
    let missing = record.join("no-copies");
    let a_file = record.join("stations.json");
    for (case, folder) in [("missing", &missing), ("a file", &a_file)] {
        let out = sailau(&["observer", "compare", s(folder), s(&record)]);
        says(case, &out, 2, &format!("{}: cannot read", s(folder)));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn audit_assess_refuses_a_plan_that_does_not_read_by_its_field() {
    let record = demo("audit", "mazhilis-2023");
    let plan = record.join("plan.json");
    let out = sailau(&[
        "audit",
        "plan",
        s(&record),
        "--seed",
        "12345678901234567890",
        "--out",
        s(&plan),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts = record.join("private/hand-counts.json");
    let edited = |name: &str, change: &dyn Fn(&mut serde_json::Value)| {
        let mut v = json(&plan);
        change(&mut v);
        let p = record.join(name);
        write_json(&p, &v);
        p
    };
    let seed = edited("seed.json", &|v| v["seed"] = 12.into());
    let outcome = edited("outcome.json", &|v| v["contests"][0]["outcome"] = 1.into());
    let extra = edited("extra.json", &|v| v["colour"] = "red".into());
    let cases = [
        ("a number for the seed", &seed, "seed"),
        ("a number for an outcome", &outcome, "contests[0].outcome"),
        ("an unknown field", &extra, "colour"),
        ("a stations.json", &record.join("stations.json"), "[0]"),
    ];
    for (case, file, field) in cases {
        let out = sailau(&["audit", "assess", s(file), "--counts", s(&counts)]);
        says(case, &out, 2, &format!("{}: {field}", s(file)));
        assert!(out.stdout.is_empty(), "{case}: nothing assessed");
    }
}

#[test]
fn registry_append_and_calendar_refuse_what_they_cannot_read() {
    let dir = fresh("bad-input", "registry");
    std::fs::create_dir_all(&dir).unwrap();
    let ledger = dir.join("2023.jsonl");
    let out = sailau(&["registry", "sample", "--out", s(&ledger)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = std::fs::read(&ledger).unwrap();
    let accredit = dir.join("accredit.json");
    std::fs::write(
        &accredit,
        r#"{"act": "accredit", "id": "ngo-1", "name": "Aida Observer", "kind": {"for": "ngo", "organisation": "Erkindik Qanaty"}}"#,
    )
    .unwrap();
    let not_an_act = dir.join("fly.json");
    std::fs::write(&not_an_act, r#"{"act": "fly"}"#).unwrap();
    let at = "2023-04-01T10:00:00Z";
    let cases: [(&str, &Path, &str, &str, &str); 9] = [
        ("not an act", &not_an_act, "cec", at, "not an act"),
        (
            "--as king",
            &accredit,
            "king",
            at,
            "--as \"king\": expected cec, territorial:UNIT or party:ID",
        ),
        (
            "--as party without an id",
            &accredit,
            "party",
            at,
            "--as \"party\"",
        ),
        (
            "--as territorial without a unit",
            &accredit,
            "territorial",
            at,
            "--as \"territorial\"",
        ),
        (
            "--as cec of a unit",
            &accredit,
            "cec:astana",
            at,
            "--as \"cec:astana\"",
        ),
        (
            "--at a day",
            &accredit,
            "territorial:district-1",
            "2023-04-01",
            "--at \"2023-04-01\"",
        ),
        (
            "--at without a zone",
            &accredit,
            "territorial:district-1",
            "2023-04-01T10:00:00",
            "Z or an offset",
        ),
        (
            "--at a word",
            &accredit,
            "territorial:district-1",
            "yesterday",
            "--at \"yesterday\"",
        ),
        (
            "--at with a space",
            &accredit,
            "territorial:district-1",
            "2023-04-01 10:00:00Z",
            "--at",
        ),
    ];
    for (case, act, actor, at, needle) in cases {
        let out = sailau(&[
            "registry",
            "append",
            s(&ledger),
            s(act),
            "--as",
            actor,
            "--name",
            "Secretary",
            "--at",
            at,
        ]);
        says(case, &out, 2, needle);
        assert_eq!(
            std::fs::read(&ledger).unwrap(),
            before,
            "{case}: the ledger untouched"
        );
    }
    let out = sailau(&[
        "registry",
        "calendar",
        "--called",
        "2023-01-19",
        "--day",
        "2023-03-19",
        "--body",
        "parliament",
    ]);
    says(
        "--body parliament",
        &out,
        2,
        "--body \"parliament\": not a body",
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn print_protocol_refuses_a_precinct_or_contest_the_definition_lacks() {
    let record = demo("print", "mazhilis-2023");
    let copy = record.join("precincts/p-00001/protocol.json");
    let edited = |name: &str, change: &dyn Fn(&mut serde_json::Value)| {
        let mut v = json(&copy);
        change(&mut v["protocol"]);
        let p = record.join(name);
        write_json(&p, &v);
        p
    };
    let precinct = edited("precinct.json", &|p| p["unit"] = "p-99999".into());
    let contest = edited("contest.json", &|p| {
        p["contests"][0]["contest"] = "nope".into();
    });
    let cases = [
        (
            "a precinct",
            &precinct,
            "the definition has no precinct \"p-99999\"",
        ),
        (
            "a contest",
            &contest,
            "the definition has no contest \"nope\"",
        ),
    ];
    for (case, protocol, needle) in cases {
        let pdf = record.join(format!("{case}.pdf"));
        let out = sailau(&[
            "print",
            "protocol",
            "--definition",
            s(&record.join("definition.json")),
            "--protocol",
            s(protocol),
            "--out",
            s(&pdf),
        ]);
        says(case, &out, 2, &format!("{}: {needle}", s(protocol)));
        assert!(!pdf.exists(), "{case}: no PDF");
    }
}

#[test]
fn export_nist_err_needs_readable_protocols() {
    let record = demo("export", "mazhilis-2023");
    let none = record.join("no-protocols");
    std::fs::create_dir_all(&none).unwrap();
    std::fs::copy(record.join("definition.json"), none.join("definition.json")).unwrap();
    let broken = record.join("broken");
    std::fs::create_dir_all(broken.join("precincts/p-00001")).unwrap();
    std::fs::copy(
        record.join("definition.json"),
        broken.join("definition.json"),
    )
    .unwrap();
    let bad = broken.join("precincts/p-00001/protocol.json");
    std::fs::write(&bad, "{\"protocol\":").unwrap();
    let cases = [
        (
            "no protocol",
            &none,
            format!("{}: no precinct protocol in the record", s(&none)),
        ),
        (
            "a protocol that does not read",
            &broken,
            format!("{}: ", s(&bad)),
        ),
    ];
    for (case, dir, needle) in cases {
        let report = dir.join("report.json");
        let out = sailau(&["export", "nist-err", s(dir), "--out", s(&report)]);
        says(case, &out, 2, &needle);
        assert!(!report.exists(), "{case}: no report written");
        let out = sailau(&["export", "nist-err", s(dir)]);
        says(case, &out, 2, &needle);
        assert!(out.stdout.is_empty(), "{case}: nothing on stdout");
    }
}

#[test]
fn users_add_refuses_a_bad_role_or_account() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let add = |password: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_sailau"))
            .args(["users", "add", "--data", s(&data)])
            .args(args)
            .env("SAILAU_PASSWORD", password)
            .env_remove("SAILAU_DATABASE")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let good = "correct-horse-battery";
    let out = add(good, &["--name", "alice", "--role", "cec"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cases: [(&str, &str, &[&str], &str); 7] = [
        (
            "a role",
            good,
            &["--name", "bob", "--role", "king"],
            "--role king: give cec, territorial, precinct, guardian or observer",
        ),
        (
            "a name with a space",
            good,
            &["--name", "a b", "--role", "cec"],
            "name: 1 to 64 letters",
        ),
        (
            "a short password",
            "short",
            &["--name", "bob", "--role", "cec"],
            "password: at least 12 characters",
        ),
        (
            "a precinct account without its unit",
            good,
            &["--name", "bob", "--role", "precinct"],
            "unit: a precinct account acts for one unit",
        ),
        (
            "a cec account with a unit",
            good,
            &["--name", "bob", "--role", "cec", "--unit", "astana"],
            "unit: a cec account acts for no unit",
        ),
        (
            "a signing key not hex",
            good,
            &[
                "--name",
                "bob",
                "--role",
                "precinct",
                "--unit",
                "p-00001",
                "--signing-key",
                "zz",
            ],
            "signing_key: not an Ed25519 public key",
        ),
        (
            "a name taken",
            good,
            &["--name", "alice", "--role", "observer"],
            "user alice exists",
        ),
    ];
    for (case, password, args, needle) in cases {
        let out = add(password, args);
        says(case, &out, 2, needle);
    }
    // None of them made an account: bob is still free.
    let out = add(good, &["--name", "bob", "--role", "observer"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn publish_and_mirror_need_a_service_url_they_can_reach() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("record");
    std::fs::create_dir_all(&record).unwrap();
    // A port nothing listens on: taken from the system, then let go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let closed = format!("http://127.0.0.1:{port}");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_sailau"))
            .args(args)
            .env("SAILAU_PASSWORD", "correct-horse-battery")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    for url in ["ftp://127.0.0.1:21", "127.0.0.1:8080", "localhost"] {
        let out = run(&["publish", "--server", url, "--user", "cec", s(&record)]);
        says(
            url,
            &out,
            2,
            &format!("{url}: give the service's URL, http://HOST:PORT"),
        );
        let mirror = dir.path().join("mirror-bad-url");
        let out = run(&["mirror", url, s(&mirror), "--once"]);
        says(
            url,
            &out,
            2,
            &format!("{url}: give the service's URL, http://HOST:PORT"),
        );
    }
    let out = run(&["publish", "--server", &closed, "--user", "cec", s(&record)]);
    says(
        "publish, nobody listening",
        &out,
        2,
        &format!("{closed}/api/"),
    );
    let out = run(&["mirror", &closed, s(&dir.path().join("mirror")), "--once"]);
    says(
        "mirror, nobody listening",
        &out,
        2,
        &format!("{closed}/api/"),
    );
}

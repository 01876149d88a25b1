//! Voter-list import: good files, every rejection, duplicates, exclusions, header errors.

use proptest::prelude::*;
use sailau_law::Date;
use sailau_voters::iin::{Iin, Sex};
use sailau_voters::list::{import, write_csv, Excluded, Exclusion, Import, ListError, Voter};
use std::collections::BTreeSet;

const HEADER: &str = "iin,name,birth_date,precinct,flags\n";

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn day() -> Date {
    d("2023-03-19")
}

fn precincts() -> BTreeSet<String> {
    ["101", "102", "Астана-7"].map(String::from).into()
}

/// A valid IIN for `birth`: the first serial from `serial` on that has a check digit.
fn iin(birth: &str, serial: u16) -> Iin {
    (serial..)
        .find_map(|s| Iin::issue(d(birth), Sex::Female, s))
        .unwrap()
}

fn run(body: &str) -> Import {
    import(format!("{HEADER}{body}").as_bytes(), day(), &precincts()).unwrap()
}

fn rejected(out: &Import) -> Vec<(u64, &str)> {
    out.rejected
        .iter()
        .map(|r| (r.row, r.reason.as_str()))
        .collect()
}

#[test]
fn a_good_file() {
    let (a, b, c) = (
        iin("1990-01-15", 1),
        iin("1985-07-01", 2),
        iin("1960-12-31", 3),
    );
    let out = run(&format!(
        "{a},Әлия Нұрланқызы Серікбаева,1990-01-15,101,\n\
         {b},\"Иванов, Пётр\",1985-07-01,Астана-7,\n\
         {c},Ли Виктор,1960-12-31,102,\n"
    ));
    assert_eq!(out.rejected, vec![]);
    assert_eq!(out.excluded, vec![]);
    let names: Vec<&str> = out.voters.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        ["Әлия Нұрланқызы Серікбаева", "Иванов, Пётр", "Ли Виктор"]
    );
    assert_eq!(
        out.voters[1],
        Voter {
            iin: b,
            name: "Иванов, Пётр".into(),
            birth: d("1985-07-01"),
            precinct: "Астана-7".into()
        }
    );
}

#[test]
fn windows_line_ends_blank_lines_and_a_byte_order_mark() {
    let a = iin("1990-01-15", 1);
    let text =
        format!("\u{feff}iin,name,birth_date,precinct,flags\r\n\r\n{a},Ли,1990-01-15,101,\r\n");
    let out = import(text.as_bytes(), day(), &precincts()).unwrap();
    assert_eq!(out.voters.len(), 1);
    assert_eq!(out.voters[0].name, "Ли");
}

#[test]
fn each_rejection_reason() {
    let a = iin("1990-01-15", 1);
    let long = "Ж".repeat(201);
    let longest = "Ж".repeat(200);
    let ids: Vec<Iin> = (0..12).map(|i| iin("1970-05-05", 100 * i)).collect();
    let body = format!(
        "900115301233,Check Digit,1990-01-15,101,\n\
         {a} ,Trailing Space,1990-01-15,101,\n\
         051240001234,A Company,2005-12-01,101,\n\
         {},Wrong Birth,1970-05-06,101,\n\
         {},Bad Date,05.05.1970,101,\n\
         {},No Precinct,1970-05-05,103,\n\
         {},Flags,1970-05-05,101,mobile\n\
         {},   ,1970-05-05,101,\n\
         {},{long},1970-05-05,101,\n\
         {},Short Row,1970-05-05,101\n\
         {},Иванов, Пётр,1970-05-05,101,\n\
         {},Empty Flag,1970-05-05,101,incompetent;\n\
         {},\"Two\nLines\",1970-05-05,101,\n\
         {},{longest},1970-05-05,101,\n",
        ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8], ids[9], ids[10]
    );
    let out = run(&body);
    let got = rejected(&out);
    let expect: [(u64, &str); 13] = [
        (2, "IIN \"900115301233\": check digit is 3, the first 11 digits give 5"),
        (3, "is ' ', not a digit"),
        (4, "looks like a BIN, a business number; voters have an IIN"),
        (5, "birth_date 1970-05-06 does not match the IIN, which gives 1970-05-05"),
        (6, "birth_date \"05.05.1970\" is not a date of the form YYYY-MM-DD"),
        (7, "precinct \"103\" is not a precinct of this election"),
        (8, "unknown flag \"mobile\""),
        (9, "name is empty"),
        (10, "name has 201 characters; at most 200"),
        (11, "4 fields; a row has 5: iin,name,birth_date,precinct,flags"),
        (12, "6 fields; a row has 5: iin,name,birth_date,precinct,flags (a name with a comma must be in double quotes)"),
        (13, "unknown flag \"\""),
        (14, "name contains a control character"),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for ((row, reason), (want_row, want)) in got.iter().zip(expect) {
        assert_eq!(*row, want_row, "{reason}");
        assert!(
            reason.contains(want),
            "line {row}: {reason:?} should say {want:?}"
        );
    }
    // The 200-character name on line 16 (the quoted field spans lines 14-15) is fine.
    assert_eq!(out.voters.len(), 1);
    assert_eq!(out.voters[0].name, longest);
}

#[test]
fn every_reason_of_a_row_is_named() {
    let out = run("123,,1990-13-01,999,sick\n");
    let reason = &out.rejected[0].reason;
    for part in [
        "has 3",
        "name is empty",
        "birth_date",
        "precinct \"999\"",
        "unknown flag \"sick\"",
    ] {
        assert!(reason.contains(part), "{reason:?} lacks {part:?}");
    }
}

#[test]
fn a_bad_row_never_stops_the_good_rows_after_it() {
    let (a, b) = (iin("1990-01-15", 1), iin("1991-02-16", 1));
    let out = run(&format!(
        "{a},First,1990-01-15,101,\n\
         12345,Broken,1990-01-15,101,\n\
         ,,,,\n\
         {b},Last,1991-02-16,102,\n"
    ));
    assert_eq!(out.voters.len(), 2);
    assert_eq!(out.voters[1].name, "Last");
    assert_eq!(
        out.rejected.iter().map(|r| r.row).collect::<Vec<_>>(),
        [3, 4]
    );
}

#[test]
fn duplicates_across_precincts_reject_every_row() {
    let (a, b, c) = (
        iin("1990-01-15", 1),
        iin("1985-07-01", 2),
        iin("1960-12-31", 3),
    );
    let out = run(&format!(
        "{a},Алма,1990-01-15,101,\n\
         {b},Бота,1985-07-01,101,\n\
         {a},Алма,1990-01-15,102,\n\
         {c},Гүл,1960-12-31,102,\n\
         {a},Алма,1990-01-15,Астана-7,\n"
    ));
    assert_eq!(out.voters.iter().map(|v| v.iin).collect::<Vec<_>>(), [b, c]);
    let got = rejected(&out);
    assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 4, 6]);
    assert!(
        got[0].1.starts_with("IIN also on lines 4, 6;"),
        "{}",
        got[0].1
    );
    assert!(
        got[1]
            .1
            .starts_with("IIN already on line 2, also on line 6;"),
        "{}",
        got[1].1
    );
    assert!(
        got[2].1.starts_with("IIN already on lines 2, 4;"),
        "{}",
        got[2].1
    );
    assert!(got[2].1.contains("nobody can tell which row is right"));
}

#[test]
fn a_duplicate_counts_even_when_its_row_is_wrong_otherwise() {
    let a = iin("1990-01-15", 1);
    let out = run(&format!(
        "{a},Алма,1990-01-15,101,\n\
         {a},Алма,1990-01-15,999,\n"
    ));
    assert_eq!(out.voters, vec![]);
    let got = rejected(&out);
    assert_eq!((got[0].0, got[1].0), (2, 3));
    assert!(got[0].1.starts_with("IIN also on line 3"));
    assert!(got[1].1.starts_with("IIN already on line 2"));
    assert!(got[1].1.contains("precinct \"999\""));
}

#[test]
fn exclusions() {
    // Election day 2023-03-19: born 2005-03-20 is 17 years and 364 days old.
    let (young, eighteen) = (iin("2005-03-20", 1), iin("2005-03-19", 1));
    let (ward, prisoner, both) = (
        iin("1970-01-01", 1),
        iin("1971-01-01", 1),
        iin("1972-01-01", 1),
    );
    let young_ward = iin("2006-01-01", 1);
    let out = run(&format!(
        "{young},Young,2005-03-20,101,\n\
         {eighteen},Eighteen,2005-03-19,101,\n\
         {ward},Ward,1970-01-01,101,incompetent\n\
         {prisoner},Prisoner,1971-01-01,102,imprisoned\n\
         {both},Both,1972-01-01,102,imprisoned;incompetent\n\
         {young_ward},Young Ward,2006-01-01,102,incompetent\n"
    ));
    assert_eq!(out.rejected, vec![]);
    assert_eq!(
        out.voters.iter().map(|v| v.iin).collect::<Vec<_>>(),
        [eighteen]
    );
    let ex = |row, iin, why| Excluded { row, iin, why };
    assert_eq!(
        out.excluded,
        vec![
            ex(
                2,
                young,
                Exclusion::Underage {
                    eighteen_on: d("2023-03-20")
                }
            ),
            ex(4, ward, Exclusion::Incompetent),
            ex(5, prisoner, Exclusion::Imprisoned),
            ex(6, both, Exclusion::Incompetent),
            ex(
                7,
                young_ward,
                Exclusion::Underage {
                    eighteen_on: d("2024-01-01")
                }
            ),
        ]
    );
    assert_eq!(
        Exclusion::Underage {
            eighteen_on: d("2023-03-20")
        }
        .to_string(),
        "under 18 on election day (turns 18 on 2023-03-20)"
    );
}

#[test]
fn a_29_february_birthday() {
    // Born 2004-02-29: 18 on 2022-02-28, as 2022 has no 29 February.
    let leap = iin("2004-02-29", 1);
    let file = format!("{HEADER}{leap},Leap,2004-02-29,101,\n");
    let on = |day: &str| import(file.as_bytes(), d(day), &precincts()).unwrap();
    assert_eq!(on("2022-02-28").voters.len(), 1);
    assert_eq!(
        on("2022-02-27").excluded[0].why,
        Exclusion::Underage {
            eighteen_on: d("2022-02-28")
        }
    );
}

#[test]
fn header_errors() {
    let read = |bytes: &[u8]| import(bytes, day(), &precincts());
    let expected = "line 1 must be the header `iin,name,birth_date,precinct,flags`";
    for bad in [
        "iin,name,birth_date,precinct\n",
        "iin,name,birth_date,precinct,flags,extra\n",
        "IIN,name,birth_date,precinct,flags\n",
        "iin, name,birth_date,precinct,flags\n",
        "iin;name;birth_date;precinct;flags\n",
        "900115301235,Алма,1990-01-15,101,\n",
    ] {
        let err = read(bad.as_bytes()).unwrap_err();
        assert!(matches!(err, ListError::Header { .. }), "{bad:?}");
        assert!(err.to_string().starts_with(expected), "{err}");
    }
    assert_eq!(
        read(b"iin,name\n").unwrap_err().to_string(),
        "line 1 must be the header `iin,name,birth_date,precinct,flags`; found `iin,name`"
    );
    assert_eq!(read(b"").unwrap_err(), ListError::Empty);
    assert_eq!(read(b"\n\n").unwrap_err(), ListError::Empty);
    // Windows-1251 "Алма" on line 3.
    let mut cp1251 = format!("{HEADER}001231500011,Ok,2000-12-31,101,\n").into_bytes();
    cp1251.extend_from_slice(b"001231500011,\xc0\xeb\xec\xe0,2000-12-31,101,\n");
    assert_eq!(read(&cp1251).unwrap_err(), ListError::NotUtf8 { line: 3 });
    // A header alone is an empty list.
    assert_eq!(read(HEADER.as_bytes()).unwrap(), Import::default());
}

fn any_voter() -> impl Strategy<Value = Voter> {
    let birth =
        (1900u16..=2004, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap());
    (
        birth,
        prop_oneof![Just(Sex::Male), Just(Sex::Female)],
        0u16..=9_999,
        // Names with commas, quotes, Cyrillic and Kazakh letters; no control characters.
        "[A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүІі ,\"'-]{0,30}[A-Za-zА-Яа-яӘәІі]",
        prop_oneof![Just("101"), Just("102"), Just("Астана-7")],
    )
        .prop_filter_map(
            "serial without a check digit",
            |(birth, sex, serial, name, precinct)| {
                Some(Voter {
                    iin: Iin::issue(birth, sex, serial)?,
                    name,
                    birth,
                    precinct: precinct.to_string(),
                })
            },
        )
}

proptest! {
    #[test]
    fn write_then_import_returns_the_same_voters(voters in prop::collection::vec(any_voter(), 0..40)) {
        // One row per IIN: a duplicate would (rightly) be rejected.
        let mut seen = BTreeSet::new();
        let voters: Vec<Voter> = voters.into_iter().filter(|v| seen.insert(v.iin)).collect();
        let out = import(&write_csv(&voters), day(), &precincts()).unwrap();
        prop_assert_eq!(out.rejected, vec![]);
        prop_assert_eq!(out.excluded, vec![]);
        prop_assert_eq!(out.voters, voters);
    }
}

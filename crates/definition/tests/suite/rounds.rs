//! Second rounds (docs/formats.md, "Second rounds"): derived from a first round, linked to it
//! by digest, between two of its candidates, on a day inside the law's window; and each way a
//! definition can get a round wrong, refused by its path.

use sailau_definition::round::{second_round, SecondRoundError};
use sailau_definition::{sample, Definition, DefinitionError};
use sailau_law::Date;

fn first() -> Definition {
    sample::presidential::presidential_open(4, 1)
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn problems(d: Definition) -> Vec<String> {
    match d.check() {
        Ok(_) => vec![],
        Err(e) => e.iter().map(DefinitionError::to_string).collect(),
    }
}

fn assert_problem(d: Definition, path: &str, words: &str) {
    let p = problems(d);
    assert!(
        p.iter()
            .any(|l| l.starts_with(&format!("{path}: ")) && l.contains(words)),
        "expected {path}: …{words}…; got {p:#?}"
    );
}

#[test]
fn a_second_round_is_derived_from_the_first_and_passes() {
    let f = first();
    assert!(problems(f.clone()).is_empty(), "{:#?}", problems(f));
    let s = second_round(
        &f,
        "president",
        ["candidate-b", "candidate-a"],
        "runoff",
        date("2029-12-09"),
    )
    .unwrap();
    let c = &s.contests[0];
    assert_eq!(c.round, 2);
    // The two in the first round's ballot order, whatever order the law named them in.
    let ids: Vec<&str> = c.options.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["candidate-a", "candidate-b"]);
    let link = c.first_round.as_ref().unwrap();
    assert_eq!(link.definition, f.digest().to_string());
    assert_eq!(link.date, date("2029-11-18"));
    assert!(s.election.name.en.ends_with("(second round)"));
    assert!(problems(s.clone()).is_empty(), "{:#?}", problems(s.clone()));
    // Its canonical form carries the round; a first round's does not.
    assert!(s.to_json().contains("\"round\": 2"));
    assert!(!f.to_json().contains("\"round\""));
    assert_eq!(Definition::from_json(&s.to_json()).unwrap(), s);
}

#[test]
fn a_second_round_outside_the_laws_window_is_refused() {
    let f = first();
    // The last day of the window (two calendar months) passes; the day after does not; nor
    // does the first round's own day.
    let ok = second_round(
        &f,
        "president",
        ["candidate-a", "candidate-b"],
        "r",
        date("2030-01-18"),
    );
    assert!(problems(ok.unwrap()).is_empty());
    for late in ["2030-01-19", "2029-11-18", "2029-11-01"] {
        let s = second_round(
            &f,
            "president",
            ["candidate-a", "candidate-b"],
            "r",
            date(late),
        )
        .unwrap();
        assert_problem(
            s,
            "contests[0].first_round.date",
            "is held from 2029-11-19 to 2030-01-18 under president-2021",
        );
    }
}

#[test]
fn a_second_round_is_between_two_candidates_of_the_first() {
    let f = first();
    assert_eq!(
        second_round(
            &f,
            "president",
            ["candidate-a", "candidate-a"],
            "r",
            date("2029-12-09")
        ),
        Err(SecondRoundError::NotTwo)
    );
    assert_eq!(
        second_round(
            &f,
            "president",
            ["candidate-a", "against-all"],
            "r",
            date("2029-12-09")
        ),
        Err(SecondRoundError::NotTwo)
    );
    assert_eq!(
        second_round(
            &f,
            "president",
            ["candidate-a", "nobody"],
            "r",
            date("2029-12-09")
        ),
        Err(SecondRoundError::UnknownOption("nobody".into()))
    );
    assert_eq!(
        second_round(
            &f,
            "mayor",
            ["candidate-a", "candidate-b"],
            "r",
            date("2029-12-09")
        ),
        Err(SecondRoundError::UnknownContest("mayor".into()))
    );
    // Written by hand with a third candidate: refused.
    let mut s = second_round(
        &f,
        "president",
        ["candidate-a", "candidate-b"],
        "r",
        date("2029-12-09"),
    )
    .unwrap();
    s.contests[0].options.push(f.contests[0].options[2].clone());
    assert_problem(s, "contests[0].options", "between two candidates; found 3");
}

#[test]
fn rounds_and_the_constitutional_flag_are_where_the_law_has_them() {
    let f = first();
    let mut d = f.clone();
    d.contests[0].round = 3;
    assert_problem(d, "contests[0].round", "must be 1 or 2");
    let mut d = f.clone();
    d.contests[0].round = 2;
    assert_problem(d, "contests[0].first_round", "names its first round");
    let s = second_round(
        &f,
        "president",
        ["candidate-a", "candidate-b"],
        "r",
        date("2029-12-09"),
    )
    .unwrap();
    let mut d = f.clone();
    d.contests[0].first_round = s.contests[0].first_round.clone();
    assert_problem(d, "contests[0].first_round", "only a second round");
    let mut d = s.clone();
    d.contests[0].first_round.as_mut().unwrap().definition = "ABC".into();
    assert_problem(d, "contests[0].first_round.definition", "64 lowercase hex");
    let mut d = f.clone();
    d.contests[0].constitutional = true;
    assert_problem(
        d,
        "contests[0].constitutional",
        "only a referendum question",
    );
    // A party list has no second round.
    let mut m = sample::mazhilis_2023(3, 1);
    m.contests[0].round = 2;
    m.contests[0].first_round = s.contests[0].first_round.clone();
    assert_problem(m, "contests[0].round", "has no second round");
}

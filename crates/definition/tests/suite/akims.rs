//! Rural akims: many in one election, each contest on its own area (a rural district of
//! body `rural-akim`), a precinct in one such area at most, towns in none.

use sailau_definition::{sample, Definition, DefinitionError};

fn problems(d: Definition) -> Vec<String> {
    match d.check() {
        Ok(_) => vec![],
        Err(e) => e.iter().map(DefinitionError::to_string).collect(),
    }
}

#[test]
fn many_akims_each_on_its_own_area_pass_and_a_wrong_area_is_named() {
    let d = sample::akims::rural_akims_2021(30, 3);
    assert!(problems(d.clone()).is_empty(), "{:#?}", problems(d));
    assert!(d.contests.len() > 10, "{}", d.contests.len());
    // Each contest names its own area, and each precinct votes in its area's contest alone.
    for c in &d.contests {
        let area = c.district.as_ref().unwrap();
        let x = d.districts.iter().find(|x| &x.id == area).unwrap();
        for p in &x.precincts {
            let style = &d.precincts.iter().find(|q| &q.id == p).unwrap().style;
            let s = d.styles.iter().find(|s| &s.id == style).unwrap();
            assert_eq!(s.contests, std::slice::from_ref(&c.id));
        }
    }
    // No precinct of the three cities: no rural akim is elected there.
    let checked = d.clone().check().unwrap();
    for p in &checked.precincts {
        let unit = checked.unit(&p.unit).unwrap();
        let top = unit.parent.as_deref().unwrap_or(&unit.id);
        assert!(
            !["astana", "almaty-city", "shymkent"].contains(&top),
            "{}",
            p.id
        );
    }

    // An akim contest without its area.
    let mut bad = d.clone();
    bad.contests[0].district = None;
    let p = problems(bad);
    assert!(
        p.iter()
            .any(|l| l.starts_with("contests[0].district: ") && l.contains("its rural district")),
        "{p:#?}"
    );
    // A precinct in two akims' areas.
    let mut bad = d.clone();
    let moved = bad.districts[1].precincts[0].clone();
    bad.districts[0].precincts.push(moved);
    let p = problems(bad);
    assert!(
        p.iter().any(|l| l.contains("in 2 rural-akim districts")),
        "{p:#?}"
    );
    // Two contests on one area.
    let mut bad = d.clone();
    bad.contests[1].district = bad.contests[0].district.clone();
    let p = problems(bad);
    assert!(
        p.iter()
            .any(|l| l.starts_with("contests[1].district: ")
                && l.contains("already has contests[0]")),
        "{p:#?}"
    );
}

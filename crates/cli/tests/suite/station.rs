//! `sailau definition check` and `sailau station create | load-voters`: clear refusals, and
//! nothing loaded from a voter list with a bad row unless asked.

use sailau_crypto::record::election_json;
use sailau_definition::sample;
use std::process::{Command, Output};

fn sailau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn definition_check_names_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    let def = sample::mazhilis_2023(5, 1);
    std::fs::write(&good, def.to_json()).unwrap();
    let out = sailau(&["definition", "check", good.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("5 precincts"));
    // The digest the election will be bound to is the file's SHA-256.
    let sha = {
        use sha2::Digest;
        sailau_group::to_hex(&sha2::Sha256::digest(def.to_json().as_bytes()))
    };
    assert!(
        text.contains(&format!(
            "Digest (SHA-256 of the canonical form): {sha}; the file is in canonical form"
        )),
        "{text}"
    );

    // Another spelling of the same definition: the same digest, and told to publish the
    // canonical form, which `definition canonical` writes.
    let spaced = dir.path().join("spaced.json");
    std::fs::write(&spaced, def.to_json().replace("\n  ", "\n    ")).unwrap();
    let out = sailau(&["definition", "check", spaced.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&sha) && text.contains("not in canonical form"),
        "{text}"
    );
    let canonical = dir.path().join("canonical.json");
    let out = sailau(&[
        "definition",
        "canonical",
        spaced.to_str().unwrap(),
        "--out",
        canonical.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&canonical).unwrap(), def.to_json());
    let again = sailau(&[
        "definition",
        "canonical",
        spaced.to_str().unwrap(),
        "--out",
        canonical.to_str().unwrap(),
    ]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing file is never written over"
    );

    let mut bad = def.clone();
    bad.guardians.quorum = 9;
    bad.precincts[0].unit = "atlantis".into();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, bad.to_json()).unwrap();
    let out = sailau(&["definition", "check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("precincts[0].unit: unknown unit \"atlantis\""),
        "{err}"
    );
    assert!(err.contains("guardians.quorum"), "{err}");
}

#[test]
fn a_station_is_set_up_and_its_list_loaded_strictly() {
    let dir = tempfile::tempdir().unwrap();
    let def = sample::mazhilis_2023(3, 1);
    let def_path = dir.path().join("definition.json");
    std::fs::write(&def_path, def.to_json()).unwrap();
    let checked = def.clone().check().unwrap();
    let (election, _) = sample::ceremony(&checked, &mut rand_core::OsRng).unwrap();
    let e_path = dir.path().join("election.json");
    std::fs::write(&e_path, election_json(&election)).unwrap();
    let db = dir.path().join("p1.db");
    let (d, e, b) = (
        def_path.to_str().unwrap(),
        e_path.to_str().unwrap(),
        db.to_str().unwrap(),
    );
    let out = sailau(&[
        "station",
        "create",
        "--db",
        b,
        "--definition",
        d,
        "--election",
        e,
        "--precinct",
        "p-00001",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Not twice, and not for a precinct that does not exist.
    let again = sailau(&[
        "station",
        "create",
        "--db",
        b,
        "--definition",
        d,
        "--election",
        e,
        "--precinct",
        "p-00001",
    ]);
    assert_eq!(again.status.code(), Some(2));
    let other = dir.path().join("x.db");
    let none = sailau(&[
        "station",
        "create",
        "--db",
        other.to_str().unwrap(),
        "--definition",
        d,
        "--election",
        e,
        "--precinct",
        "p-99999",
    ]);
    assert_eq!(none.status.code(), Some(2));
    assert!(!other.exists(), "nothing written");

    // A list with one bad row: refused whole, every bad row named; then loaded with --skip-bad.
    let csv = dir.path().join("list.csv");
    let birth = "1975-04-02".parse().unwrap();
    let good = (0..)
        .find_map(|s| sailau_voters::Iin::issue(birth, sailau_voters::Sex::Male, s))
        .unwrap()
        .to_string();
    let last = good.as_bytes()[11] - b'0';
    let bad = format!("{}{}", &good[..11], (last + 1) % 10);
    std::fs::write(
        &csv,
        format!(
            "iin,name,birth_date,precinct,flags\n{good},Ахметов Нұрлан,1975-04-02,p-00001,\n{bad},Омарова Айгүл,1975-04-02,p-00001,\n"
        ),
    )
    .unwrap();
    let out = sailau(&["station", "load-voters", "--db", b, csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3: IIN"), "{err}");
    assert!(err.contains("nothing loaded"), "{err}");
    let out = sailau(&[
        "station",
        "load-voters",
        "--db",
        b,
        csv.to_str().unwrap(),
        "--skip-bad",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

//! An observer's signed copy of a precinct's protocol, checked offline with one command
//! against the published definition and station keys.

use crate::common::{fresh, sailau};

#[test]
fn an_observers_copy_is_checked_offline() {
    let dir = fresh("protocol-copy", "demo");
    let d = dir.to_str().unwrap();
    let out = sailau(&[
        "demo",
        "--voters",
        "600",
        "--precincts",
        "4",
        "--seed",
        "3",
        "--out",
        d,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let def = dir.join("definition.json");
    let stations = dir.join("stations.json");
    let precinct = std::fs::read_dir(dir.join("precincts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let copy = precinct.join("protocol.json");
    let check = |file: &std::path::Path, stations: &std::path::Path| {
        sailau(&[
            "protocol",
            "check",
            file.to_str().unwrap(),
            "--definition",
            def.to_str().unwrap(),
            "--stations",
            stations.to_str().unwrap(),
        ])
    };
    let ok = check(&copy, &stations);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("its control relations hold"));

    // One figure changed on the copy: the signature no longer holds.
    let text = std::fs::read_to_string(&copy).unwrap();
    let changed = text.replacen("\"registered\": ", "\"registered\": 1", 1);
    assert_ne!(changed, text);
    let forged = dir.join("forged.json");
    std::fs::write(&forged, changed).unwrap();
    let bad = check(&forged, &stations);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("the signature does not hold"));

    // Signed, but not by that precinct's published key.
    let keys: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&stations).unwrap()).unwrap();
    let mut swapped = keys.clone();
    let (a, b) = (keys[0]["public_key"].clone(), keys[1]["public_key"].clone());
    swapped[0]["public_key"] = b;
    swapped[1]["public_key"] = a;
    let other = dir.join("other-stations.json");
    std::fs::write(&other, serde_json::to_string(&swapped).unwrap()).unwrap();
    let bad = check(&copy, &other);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not by precinct"));
}

#[test]
fn observers_copies_prove_a_rewrite_and_show_which_precincts_are_not_covered() {
    let dir = fresh("protocol-copy", "compare");
    let out = sailau(&[
        "demo",
        "--voters",
        "600",
        "--precincts",
        "4",
        "--seed",
        "5",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let copies = dir.with_extension("copies");
    std::fs::create_dir_all(&copies).unwrap();
    let published = |id: &str| dir.join("precincts").join(id).join("protocol.json");
    for (id, name) in [("p-00001", "a.json"), ("p-00002", "b.json")] {
        std::fs::copy(published(id), copies.join(name)).unwrap();
    }
    let compare = || {
        let o = sailau(&[
            "observer",
            "compare",
            copies.to_str().unwrap(),
            dir.to_str().unwrap(),
        ]);
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, said, _) = compare();
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains(
            "2 match the published protocol, 0 prove a rewrite; 2 of 4 precincts covered"
        ),
        "{said}"
    );
    assert!(
        said.contains("no genuine copy from 2 precinct(s): p-00003, p-00004"),
        "{said}"
    );

    // Precinct 3's station signs two protocols: the observer's copy, and another with one
    // paper vote moved, which the record publishes. (A key of the test's stands for the
    // station's, in the record's stations.json.)
    let key = sailau_station::keys::Key::from_secret(&[7; 32]);
    let signer = sailau_group::to_hex(&key.public());
    let stations = dir.join("stations.json");
    let mut keys: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&stations).unwrap()).unwrap();
    for k in keys.iter_mut().filter(|k| k["precinct"] == "p-00003") {
        k["public_key"] = signer.clone().into();
    }
    std::fs::write(&stations, serde_json::to_string(&keys).unwrap()).unwrap();
    let sign = |p: sailau_protocol::Protocol| sailau_protocol::SignedProtocol {
        signature: sailau_group::to_hex(&key.sign(&sailau_protocol::SignedProtocol::message(&p))),
        signer: signer.clone(),
        protocol: p,
    };
    let honest = sailau_protocol::SignedProtocol::from_json(
        &std::fs::read_to_string(published("p-00003")).unwrap(),
    )
    .unwrap()
    .protocol;
    std::fs::write(copies.join("c.json"), sign(honest.clone()).to_json()).unwrap();
    let mut moved = honest;
    moved.contests[0].options[0].paper += 1;
    moved.contests[0].options[1].paper -= 1;
    std::fs::write(published("p-00003"), sign(moved).to_json()).unwrap();
    // And a file that no station signed.
    std::fs::write(copies.join("d.json"), "{\"not\": \"a protocol\"}").unwrap();

    let (code, said, complaints) = compare();
    assert_eq!(code, Some(1), "{said}{complaints}");
    assert!(
        said.contains("1 prove a rewrite; 3 of 4 precincts covered"),
        "{said}"
    );
    assert!(
        complaints.contains("precinct p-00003: REWRITTEN")
            && complaints.contains("its station signed both")
            && complaints.contains("contests[0].options[0].paper"),
        "{complaints}"
    );
    assert!(
        complaints.contains("d.json: not a signed protocol"),
        "{complaints}"
    );
}

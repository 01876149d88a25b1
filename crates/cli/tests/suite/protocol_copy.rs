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

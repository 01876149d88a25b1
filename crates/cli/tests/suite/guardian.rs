//! `sailau guardian decrypt`: a guardian answers a station's decryption request on their own
//! machine, with the key file the demo's ceremony left them; the station takes the answer.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sailau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .output()
        .unwrap()
}

fn fresh(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("guardian-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn a_guardian_answers_a_stations_request_with_their_key_file() {
    let dir = fresh("answer");
    let out = sailau(&[
        "demo",
        "--voters",
        "300",
        "--precincts",
        "2",
        "--electronic",
        "50",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = dir.join("private/guardians/guardian-2.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "a guardian's key is readable by its owner only"
        );
    }
    // The demo's station of p-00001 is sealed: its request is its final totals.
    let station = sailau_station::Station::open(&dir.join("private/stations/p-00001.db")).unwrap();
    let request = dir.join("request.json");
    std::fs::write(&request, station.decryption_request().unwrap()).unwrap();
    let partial = dir.join("partial-2.json");
    let args = |key: &Path, out: &Path| {
        vec![
            "guardian".to_string(),
            "decrypt".into(),
            "--election".into(),
            dir.join("election.json").display().to_string(),
            "--key".into(),
            key.display().to_string(),
            "--request".into(),
            request.display().to_string(),
            "--out".into(),
            out.display().to_string(),
        ]
    };
    let run = |a: Vec<String>| sailau(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let ok = run(args(&key, &partial));
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout)
        .contains("guardian 2 decrypted the totals of precinct p-00001"));
    // The station checks every proof of the answer against its own totals.
    assert_eq!(
        station
            .add_partial(&std::fs::read(&partial).unwrap())
            .unwrap(),
        2
    );
    // An answer is never written over an existing file.
    let again = run(args(&key, &partial));
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("the file exists"));
    // A key file that is not this election's guardian's share is refused, by name.
    let wrong = dir.join("wrong.key");
    let text = std::fs::read_to_string(&key)
        .unwrap()
        .replace("\"guardian\": 2", "\"guardian\": 3");
    std::fs::write(&wrong, text).unwrap();
    let refused = run(args(&wrong, &dir.join("partial-x.json")));
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("not guardian 3's share"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(!dir.join("partial-x.json").exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}

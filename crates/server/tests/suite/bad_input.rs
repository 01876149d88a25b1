//! The rows of docs/bad-input.md §2 not proved elsewhere: each bad input gets its exact status
//! and the part of the error that names the field or rule, and leaves nothing stored.

use crate::common::*;
use axum::http::StatusCode;
use ed25519_dalek::{Signer, SigningKey};
use sailau_server::auth::Role;
use sailau_server::sample::{sign_protocol, SampleElection};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A refusal to check: its name, the path, the body, and the status, error code and words
/// of the answer.
type Case<'a> = (&'a str, String, Vec<u8>, StatusCode, &'a str, &'a str);
/// The same, with the method first.
type MethodCase<'a> = (
    &'a str,
    &'a str,
    String,
    Vec<u8>,
    StatusCode,
    &'a str,
    &'a str,
);

/// A service with a sample election of `precincts` precincts, every station key one this test
/// holds (precinct `i`'s is made from the seed `100 + i`).
pub(super) fn defined(
    store: &Store,
    precincts: usize,
) -> (Harness, SampleElection, Vec<SigningKey>, String) {
    let h = Harness::start(store);
    h.add_user("cec-admin", Role::Cec, None);
    let token = h.sign_in("cec-admin");
    let mut sample = SampleElection::new(precincts, 7);
    let keys: Vec<SigningKey> = (0..precincts)
        .map(|i| SigningKey::from_bytes(&[100 + i as u8; 32]))
        .collect();
    for (i, k) in keys.iter().enumerate() {
        sample.set_station_key(i, k.verifying_key().to_bytes());
    }
    let (s, v) = h.json("PUT", "/api/election", Some(&token), Some(&sample.upload()));
    assert_eq!(s, StatusCode::CREATED, "{}: {v}", h.store);
    (h, sample, keys, token)
}

pub(super) fn put(
    h: &Harness,
    path: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let (s, b) = h.request("PUT", path, token, Some(body));
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

/// Asserts the status, the error code and that the message contains `words`.
fn refused(case: &str, (s, v): (StatusCode, Value), status: StatusCode, code: &str, words: &str) {
    assert_eq!(s, status, "{case}: {v}");
    assert_eq!(v["error"], code, "{case}: {v}");
    let message = v["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(words),
        "{case}: {message:?} lacks {words:?}"
    );
}

pub(super) fn hex(b: &[u8]) -> String {
    sailau_group::to_hex(b)
}

/// A ballot line in the canonical form of `ballots.jsonl`; its points are not points, which
/// only the full verification after the upload sees.
pub(super) fn ballot_line(seq: u64) -> String {
    json!({
        "device": "terminal-1",
        "seq": seq,
        "style": "style-1",
        "state": "cast",
        "prev": hex(&[seq as u8; 32]),
        "code": hex(&[0xc0 + seq as u8; 32]),
        "contests": [],
    })
    .to_string()
}

/// Precinct `i`'s protocol sealing `ballots` and `tally`, signed by its station key.
pub(super) fn sealed_protocol(
    h: &Harness,
    sample: &SampleElection,
    key: &SigningKey,
    i: usize,
    ballots: &str,
    tally: &str,
) -> Vec<u8> {
    let e = h.service.election().unwrap();
    let (head, entries) = sailau_verify::election::log_head(
        &e.extended_base_hash(),
        sample.precinct(i),
        ballots.as_bytes(),
    );
    let mut p = sample.protocol(i);
    p.station = Some(sailau_protocol::StationSeal {
        closed_at: "2023-03-19T15:00:00Z".into(),
        log_entries: entries,
        log_head: hex(&head),
        challenged: 0,
        missing: 0,
        tally: hex(&Sha256::digest(tally.as_bytes())),
    });
    sign_protocol(key, p)
}

/// The body of `PUT /api/precincts/{precinct}/record`, signed by `key`.
pub(super) fn record(key: &SigningKey, precinct: &str, ballots: &str, tally: &str) -> Vec<u8> {
    let message =
        sailau_protocol::record_upload_message(precinct, ballots.as_bytes(), tally.as_bytes());
    json!({
        "ballots": ballots,
        "tally": tally,
        "signature": hex(&key.sign(&message).to_bytes()),
    })
    .to_string()
    .into_bytes()
}

fn board_head(h: &Harness) -> Value {
    let (s, v) = h.json("GET", "/api/board/head", None, None);
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

#[test]
fn bad_records_are_refused_and_nothing_reaches_the_board() {
    const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
    for store in stores() {
        let (h, sample, keys, _) = defined(&store, 6);
        let p: Vec<String> = (0..6).map(|i| sample.precinct(i).to_string()).collect();
        let good = format!("{}\n{}\n", ballot_line(1), ballot_line(2));
        let tally = r#"{"tally": []}"#;
        let before = board_head(&h);
        let path = |i: usize| format!("/api/precincts/{}/record", p[i]);

        // S43: before the precinct's protocol, there is no seal to check against.
        refused(
            "S43 before the protocol",
            put(&h, &path(0), None, record(&keys[0], &p[0], &good, tally)),
            StatusCode::CONFLICT,
            "conflict",
            "send the signed protocol first",
        );

        // Each precinct's protocol seals the log and tally its case sends.
        let no_code = json!({"device": "terminal-1", "seq": 1, "style": "style-1",
            "state": "cast", "prev": hex(&[1; 32]), "contests": []})
        .to_string()
            + "\n";
        let spaced = ballot_line(1).replacen("\"seq\":1", "\"seq\": 1", 1) + "\n";
        assert_ne!(spaced, ballot_line(1) + "\n", "the line was respelled");
        let not_json = "tally, not JSON";
        let seals: [(&str, &str); 6] = [
            (&good, tally),
            (&good, tally),
            (&spaced, tally),
            (&good, tally),
            (&good, not_json),
            (&no_code, tally),
        ];
        for (i, (b, t)) in seals.iter().enumerate() {
            let body = sealed_protocol(&h, &sample, &keys[i], i, b, t);
            let (s, v) = put(&h, &format!("/api/precincts/{}/protocol", p[i]), None, body);
            assert_eq!(s, StatusCode::CREATED, "{}: protocol {i}: {v}", h.store);
        }

        let cases: Vec<Case> = vec![
            (
                "S40 a precinct not in the election",
                "/api/precincts/no-such-precinct/record".into(),
                record(&keys[0], "no-such-precinct", &good, tally),
                StatusCode::NOT_FOUND,
                "not-found",
                "not in the election",
            ),
            (
                "S41 no signature",
                path(0),
                json!({"ballots": good, "tally": tally})
                    .to_string()
                    .into_bytes(),
                StatusCode::BAD_REQUEST,
                "bad-request",
                "signature",
            ),
            (
                "S41 an unknown field",
                path(0),
                {
                    let mut v: Value =
                        serde_json::from_slice(&record(&keys[0], &p[0], &good, tally)).unwrap();
                    v["station"] = json!("x");
                    v.to_string().into_bytes()
                },
                StatusCode::BAD_REQUEST,
                "bad-request",
                "station",
            ),
            (
                "S41 not an object of the record",
                path(0),
                b"[1, 2, 3]".to_vec(),
                StatusCode::BAD_REQUEST,
                "bad-request",
                "",
            ),
            (
                "S42 signed by another station's key",
                path(0),
                record(&keys[1], &p[0], &good, tally),
                StatusCode::FORBIDDEN,
                "forbidden",
                "does not verify",
            ),
            (
                "S42 signed over another precinct's record",
                path(0),
                record(&keys[0], &p[1], &good, tally),
                StatusCode::FORBIDDEN,
                "forbidden",
                "does not verify",
            ),
            (
                "S42 a signature that is not hex",
                path(0),
                json!({"ballots": good, "tally": tally, "signature": "zz"})
                    .to_string()
                    .into_bytes(),
                StatusCode::FORBIDDEN,
                "forbidden",
                "signature",
            ),
            (
                "S44 a log one ballot longer than the seal's",
                path(1),
                {
                    let longer = format!("{good}{}\n", ballot_line(3));
                    record(&keys[1], &p[1], &longer, tally)
                },
                UNPROCESSABLE,
                "unprocessable",
                "hash chain: the ballot log has 3 entries",
            ),
            (
                "S44 a log of another head, as long as the seal's",
                path(1),
                {
                    let other = format!("{}\n{}\n", ballot_line(1), ballot_line(3));
                    record(&keys[1], &p[1], &other, tally)
                },
                UNPROCESSABLE,
                "unprocessable",
                "the signed seal says 2 ending at",
            ),
            (
                "S45 a line that is not canonical",
                path(2),
                record(&keys[2], &p[2], &spaced, tally),
                UNPROCESSABLE,
                "unprocessable",
                "not a canonical ballot line",
            ),
            (
                "S46 a tally that is not the seal's",
                path(3),
                record(&keys[3], &p[3], &good, r#"{"tally": [1]}"#),
                UNPROCESSABLE,
                "unprocessable",
                "tally: its SHA-256 is",
            ),
            (
                "S47 a tally that is not JSON",
                path(4),
                record(&keys[4], &p[4], &good, not_json),
                StatusCode::BAD_REQUEST,
                "bad-request",
                "tally: not JSON",
            ),
            (
                "S48 a ballot line with no code",
                path(5),
                record(&keys[5], &p[5], &no_code, tally),
                UNPROCESSABLE,
                "unprocessable",
                "ballot log: line 1: missing field 'code'",
            ),
        ];
        for (case, path, body, status, code, words) in cases {
            let case = format!("{}: {case}", h.store);
            refused(&case, put(&h, &path, None, body), status, code, words);
        }

        // Nothing was stored: no precinct has a record, and the board did not move.
        for id in &p {
            for file in ["ballots.jsonl", "tally.json"] {
                let (s, _) = h.request("GET", &format!("/api/precincts/{id}/{file}"), None, None);
                assert_eq!(s, StatusCode::NOT_FOUND, "{}: {id} {file}", h.store);
            }
        }
        assert_eq!(board_head(&h), before, "{}", h.store);
        assert_eq!(before["seq"], 0);
    }
}

#[test]
fn a_record_that_fails_verification_is_kept_and_flagged() {
    for store in stores() {
        let (h, sample, keys, _) = defined(&store, 2);
        let p = sample.precinct(0).to_string();
        let ballots = format!("{}\n", ballot_line(1));
        let tally = r#"{"tally": []}"#;
        let body = sealed_protocol(&h, &sample, &keys[0], 0, &ballots, tally);
        let (s, v) = put(&h, &format!("/api/precincts/{p}/protocol"), None, body);
        assert_eq!(s, StatusCode::CREATED, "{v}");

        // S50: signed and sealed, so taken; its points are no points, so it cannot verify.
        let path = format!("/api/precincts/{p}/record");
        let (s, v) = put(&h, &path, None, record(&keys[0], &p, &ballots, tally));
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", h.store);
        assert_eq!(v["status"], "accepted");
        let (s, b) = h.request(
            "GET",
            &format!("/api/precincts/{p}/ballots.jsonl"),
            None,
            None,
        );
        assert_eq!((s, b), (StatusCode::OK, ballots.clone().into_bytes()));
        assert_eq!(board_head(&h)["seq"], 1, "its ballot is on the board");

        // The verification runs after the answer: wait for its flag.
        let mut flags = Vec::new();
        for _ in 0..600 {
            let (_, v) = h.json("GET", "/api/flags", None, None);
            flags = v["flags"].as_array().cloned().unwrap_or_default();
            if !flags.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(flags.len(), 1, "{}: {flags:?}", h.store);
        assert_eq!(flags[0]["kind"], "record-fails-verification");
        assert_eq!(flags[0]["unit"], p.as_str());
        // Stored as failed, and still served.
        let (s, b) = h.request("GET", &format!("/api/precincts/{p}/tally.json"), None, None);
        assert_eq!((s, b), (StatusCode::OK, tally.as_bytes().to_vec()));
    }
}

/// A record whose first upload was committed but never verified (its answer lost as the
/// store failed over, so the service that stored it started no verification) is verified
/// when the station sends it again, though the repeat changes nothing else.
#[test]
fn a_repeated_record_that_was_never_verified_is_verified() {
    let store = postgres();
    let (h, sample, keys, _) = defined(&store, 2);
    let p = sample.precinct(0).to_string();
    let ballots = format!("{}\n", ballot_line(1));
    let tally = r#"{"tally": []}"#;
    let body = sealed_protocol(&h, &sample, &keys[0], 0, &ballots, tally);
    let (s, v) = put(&h, &format!("/api/precincts/{p}/protocol"), None, body);
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let path = format!("/api/precincts/{p}/record");
    let upload = record(&keys[0], &p, &ballots, tally);
    let (s, _) = put(&h, &path, None, upload.clone());
    assert_eq!(s, StatusCode::CREATED);
    let counts = |h: &Harness| h.json("GET", "/api/verification", None, None).1["counts"].clone();
    let settled = |h: &Harness, key: &str| {
        for _ in 0..600 {
            if counts(h)[key] == 1 {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("no record {key}: {}", counts(h));
    };
    settled(&h, "failed");
    // As if the verification had never been stored.
    store.execute("DELETE FROM verifications");
    assert_eq!(counts(&h)["pending"], 1);
    let (s, v) = put(&h, &path, None, upload);
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "already-accepted");
    settled(&h, "failed");
    assert_eq!(
        counts(&h)["pending"].as_u64().unwrap_or(0),
        0,
        "none left pending"
    );
}

#[test]
fn bodies_over_their_routes_limit_are_refused_with_413() {
    for store in stores() {
        let (h, sample, _, token) = defined(&store, 2);
        let p = sample.precinct(0).to_string();
        let (kib, mib) = (1024, 1024 * 1024);
        let t = Some(token.as_str());
        let cases: [(&str, String, usize, Option<&str>); 13] = [
            (
                "PUT",
                format!("/api/precincts/{p}/protocol"),
                256 * kib,
                None,
            ),
            ("PUT", format!("/api/units/{p}/protocol"), 256 * kib, None),
            ("PUT", "/api/national/protocol".into(), 256 * kib, t),
            ("POST", "/api/registry/acts".into(), 256 * kib, t),
            ("PUT", format!("/api/precincts/{p}/turnout"), 16 * kib, None),
            (
                "PUT",
                format!("/api/precincts/{p}/certificates/1"),
                16 * kib,
                None,
            ),
            (
                "PUT",
                format!("/api/precincts/{p}/certificate-uses/1"),
                16 * kib,
                None,
            ),
            ("PUT", format!("/api/precincts/{p}/record"), 128 * mib, None),
            ("POST", "/api/registry/ledger".into(), 64 * mib, t),
            ("PUT", "/api/paper-audit/plan".into(), 64 * mib, t),
            ("PUT", "/api/paper-audit/counts".into(), 64 * mib, t),
            ("PUT", "/api/election".into(), 64 * mib, t),
            ("POST", "/api/users".into(), 64 * mib, t),
        ];
        for (method, path, limit, token) in cases {
            // axum's body limit answers, in plain text, before the handler reads a byte.
            let (s, b) = h.request(method, &path, token, Some(vec![b' '; limit + 1]));
            let text = String::from_utf8_lossy(&b);
            assert_eq!(
                s,
                StatusCode::PAYLOAD_TOO_LARGE,
                "{}: {method} {path}: {text}",
                h.store
            );
            assert!(
                text.contains("length limit exceeded"),
                "{method} {path}: {text}"
            );
            // A body of exactly the limit is read, and refused for what it says.
            if limit <= 256 * kib {
                let (s, b) = h.request(method, &path, token, Some(vec![b' '; limit]));
                let text = String::from_utf8_lossy(&b);
                assert_ne!(s, StatusCode::PAYLOAD_TOO_LARGE, "{method} {path}: {text}");
            }
        }
        // Nothing was taken.
        let (s, _) = h.request("GET", &format!("/api/precincts/{p}/protocol"), None, None);
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = h.request(
            "GET",
            &format!("/api/precincts/{p}/ballots.jsonl"),
            None,
            None,
        );
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
}

#[test]
fn page_queries_that_do_not_read_are_refused() {
    for store in stores() {
        let h = Harness::start(&store);
        h.add_user("cec-admin", Role::Cec, None);
        let token = h.sign_in("cec-admin");
        for route in ["/api/board", "/api/audit"] {
            for query in [
                "after=x",
                "limit=ten",
                "after=1.5",
                "limit=",
                "page=2",
                "after=1&sort=seq",
            ] {
                let path = format!("{route}?{query}");
                let (s, v) = h.json("GET", &path, Some(&token), None);
                assert_eq!(s, StatusCode::BAD_REQUEST, "{}: {path}: {v}", h.store);
                assert_eq!(v["error"], "bad-request", "{path}: {v}");
            }
            let (s, v) = h.json(
                "GET",
                &format!("{route}?after=0&limit=5"),
                Some(&token),
                None,
            );
            assert_eq!(s, StatusCode::OK, "{route}: {v}");
        }
    }
}

#[test]
fn new_accounts_with_bad_names_passwords_units_or_keys_are_refused() {
    for store in stores() {
        let (h, sample, _, token) = defined(&store, 2);
        let p = sample.precinct(0).to_string();
        let unit = sample.def.precincts[0].id.clone();
        let key = hex(SigningKey::from_bytes(&[9; 32]).verifying_key().as_bytes());
        let long = "a".repeat(65);
        let ok = "a good password";
        let cases: Vec<(&str, Value, &str)> = vec![
            (
                "S11 an empty name",
                json!({"name": "", "password": ok, "role": "observer"}),
                "name: 1 to 64",
            ),
            (
                "S11 a name of 65",
                json!({"name": long, "password": ok, "role": "observer"}),
                "name: 1 to 64",
            ),
            (
                "S11 a space in the name",
                json!({"name": "a b", "password": ok, "role": "observer"}),
                "name: 1 to 64",
            ),
            (
                "S11 a slash in the name",
                json!({"name": "a/b", "password": ok, "role": "observer"}),
                "name: 1 to 64",
            ),
            (
                "S11 a letter not ASCII",
                json!({"name": "ақын", "password": ok, "role": "observer"}),
                "name: 1 to 64",
            ),
            (
                "S11 a password of 11",
                json!({"name": "obs", "password": "12345678901", "role": "observer"}),
                "password: at least 12",
            ),
            (
                "S12 a territorial account with no unit",
                json!({"name": "terr", "password": ok, "role": "territorial"}),
                "must name it",
            ),
            (
                "S12 a precinct account with no unit",
                json!({"name": "prec", "password": ok, "role": "precinct"}),
                "must name it",
            ),
            (
                "S12 a party account with no unit",
                json!({"name": "party", "password": ok, "role": "party"}),
                "must name it",
            ),
            (
                "S12 an observer with a unit",
                json!({"name": "obs", "password": ok, "role": "observer", "unit": unit}),
                "acts for no unit",
            ),
            (
                "S12 a cec account with a unit",
                json!({"name": "cec2", "password": ok, "role": "cec", "unit": unit}),
                "acts for no unit",
            ),
            (
                "S12 a unit not of the election",
                json!({"name": "terr", "password": ok, "role": "territorial", "unit": "atlantis"}),
                "neither a unit nor a precinct",
            ),
            (
                "S13 a key not hex",
                json!({"name": "terr", "password": ok, "role": "territorial", "unit": p, "signing_key": "zz"}),
                "signing_key",
            ),
            (
                "S13 a key in capitals",
                json!({"name": "terr", "password": ok, "role": "territorial", "unit": p, "signing_key": key.to_uppercase()}),
                "signing_key",
            ),
            (
                "S13 a key of 31 bytes",
                json!({"name": "terr", "password": ok, "role": "territorial", "unit": p, "signing_key": &key[2..]}),
                "signing_key",
            ),
        ];
        for (case, body, words) in cases {
            let r = h.json("POST", "/api/users", Some(&token), Some(&body.to_string()));
            refused(
                &format!("{}: {case}", h.store),
                r,
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable",
                words,
            );
        }
        // None of them was made: each name signs in as no account.
        for name in ["obs", "terr", "prec", "party", "cec2"] {
            let body = json!({"name": name, "password": ok}).to_string();
            let (s, _) = h.json("POST", "/api/session", None, Some(&body));
            assert_eq!(s, StatusCode::UNAUTHORIZED, "{name}");
        }

        // S14: a name already taken, whatever the rest says.
        let first = json!({"name": "terr", "password": ok, "role": "precinct", "unit": p, "signing_key": key});
        let (s, v) = h.json("POST", "/api/users", Some(&token), Some(&first.to_string()));
        assert_eq!(s, StatusCode::CREATED, "{v}");
        for again in [
            json!({"name": "terr", "password": "another password", "role": "observer"}),
            json!({"name": "cec-admin", "password": ok, "role": "cec"}),
        ] {
            let r = h.json("POST", "/api/users", Some(&token), Some(&again.to_string()));
            refused(
                &format!("{}: S14", h.store),
                r,
                StatusCode::CONFLICT,
                "conflict",
                "exists",
            );
        }
        // The first account is kept: its password still signs in.
        let body = json!({"name": "terr", "password": ok}).to_string();
        let (s, v) = h.json("POST", "/api/session", None, Some(&body));
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
}

/// Precinct `i`'s snapshot `t`, signed by `key`.
fn signed_turnout(key: &SigningKey, t: sailau_protocol::Turnout) -> Vec<u8> {
    let signature = key.sign(&sailau_protocol::SignedTurnout::message(&t));
    sailau_protocol::SignedTurnout {
        turnout: t,
        signer: hex(key.verifying_key().as_bytes()),
        signature: hex(&signature.to_bytes()),
    }
    .to_json()
    .into_bytes()
}

#[test]
fn turnout_that_is_misaddressed_unreadable_or_forged_is_refused() {
    for store in stores() {
        let (h, sample, keys, _) = defined(&store, 2);
        let p0 = sample.precinct(0).to_string();
        let p1 = sample.precinct(1).to_string();
        let election = sample.def.election.id.clone();
        let snapshot = |precinct: &str| sailau_protocol::Turnout {
            format: sailau_protocol::TURNOUT_FORMAT.into(),
            election: election.clone(),
            precinct: precinct.into(),
            hour: 10,
            registered: 1000,
            voted: 100,
        };
        let good = signed_turnout(&keys[0], snapshot(&p0));
        let path = format!("/api/precincts/{p0}/turnout");
        let mut forged: Value = serde_json::from_slice(&good).unwrap();
        forged["turnout"]["voted"] = json!(101);
        let cases: Vec<Case> = vec![
            (
                "S57 a precinct not in the election",
                "/api/precincts/atlantis/turnout".into(),
                good.clone(),
                StatusCode::NOT_FOUND,
                "not-found",
                "not in the election",
            ),
            (
                "S58 not UTF-8",
                path.clone(),
                vec![0xff, 0xfe, b'{'],
                StatusCode::BAD_REQUEST,
                "bad-request",
                "not UTF-8",
            ),
            (
                "S58 not a snapshot",
                path.clone(),
                br#"{"turnout": 1}"#.to_vec(),
                StatusCode::BAD_REQUEST,
                "bad-request",
                "not a signed turnout snapshot",
            ),
            (
                "S58 a protocol",
                path.clone(),
                sample.protocol(0).to_json().into_bytes(),
                StatusCode::BAD_REQUEST,
                "bad-request",
                "not a signed turnout snapshot",
            ),
            (
                "S59 signed by another precinct's key",
                path.clone(),
                signed_turnout(&keys[1], snapshot(&p0)),
                StatusCode::FORBIDDEN,
                "forbidden",
                "station key",
            ),
            (
                "S59 a figure changed under the signature",
                path.clone(),
                forged.to_string().into_bytes(),
                StatusCode::FORBIDDEN,
                "forbidden",
                "does not verify",
            ),
            (
                "S60 another format tag",
                path.clone(),
                signed_turnout(
                    &keys[0],
                    sailau_protocol::Turnout {
                        format: "sailau-turnout/9".into(),
                        ..snapshot(&p0)
                    },
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable",
                "format: sailau-turnout/9",
            ),
            (
                "S60 another precinct's snapshot",
                path.clone(),
                signed_turnout(&keys[0], snapshot(&p1)),
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable",
                "precinct and election",
            ),
            (
                "S60 another election's snapshot",
                path.clone(),
                signed_turnout(
                    &keys[0],
                    sailau_protocol::Turnout {
                        election: "another-election".into(),
                        ..snapshot(&p0)
                    },
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable",
                "precinct and election",
            ),
        ];
        for (case, path, body, status, code, words) in cases {
            refused(
                &format!("{}: {case}", h.store),
                put(&h, &path, None, body),
                status,
                code,
                words,
            );
        }
        // None was taken: the good snapshot is new.
        let (s, v) = put(&h, &path, None, good);
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", h.store);
    }
}

#[test]
fn reads_of_unknown_precincts_units_and_documents_are_404() {
    for store in stores() {
        let (h, sample, _, token) = defined(&store, 2);
        let p = sample.precinct(0).to_string();
        // S108: receipts of a precinct not in the election.
        let (s, v) = h.json(
            "GET",
            "/api/precincts/atlantis/receipts",
            Some(&token),
            None,
        );
        assert_eq!(
            (s, v["error"].as_str()),
            (StatusCode::NOT_FOUND, Some("not-found")),
            "{v}"
        );
        // S112: an unknown document, an unknown unit's summary, a precinct with no record.
        for path in [
            "/api/record/secrets.json".to_string(),
            "/api/record/..%2Fdefinition.json".into(),
            "/api/units/atlantis/summary".into(),
            format!("/api/precincts/{p}/ballots.jsonl"),
            format!("/api/precincts/{p}/tally.json"),
            "/api/precincts/atlantis/ballots.jsonl".into(),
        ] {
            let (s, v) = h.json("GET", &path, None, None);
            assert_eq!(s, StatusCode::NOT_FOUND, "{}: {path}: {v}", h.store);
            assert_eq!(v["error"], "not-found", "{path}: {v}");
        }
    }
}

/// `notice`, signed by `key`.
fn signed_notice(key: &SigningKey, notice: sailau_protocol::CertificateNotice) -> Vec<u8> {
    let signature = key.sign(&sailau_protocol::SignedCertificateNotice::message(&notice));
    sailau_protocol::SignedCertificateNotice {
        notice,
        signer: hex(key.verifying_key().as_bytes()),
        signature: hex(&signature.to_bytes()),
    }
    .to_json()
    .into_bytes()
}

fn flags(h: &Harness) -> Vec<Value> {
    let (_, v) = h.json("GET", "/api/flags", None, None);
    v["flags"].as_array().cloned().unwrap_or_default()
}

#[test]
fn certificate_notices_that_do_not_read_or_are_not_the_requests_are_refused() {
    use sailau_protocol::{Act, CertificateNotice};
    for store in stores() {
        let (h, sample, keys, _) = defined(&store, 4);
        let p0 = sample.precinct(0).to_string();
        let contest = sample.shared_contest().unwrap();
        let holder = sailau_voters::Iin::issue(
            sailau_law::Date::new(1990, 5, 17).unwrap(),
            sailau_voters::iin::Sex::Female,
            1,
        )
        .unwrap()
        .to_string();
        let number = format!("{p0}-00001");
        let issue = CertificateNotice {
            format: sailau_protocol::CERTIFICATE_FORMAT.into(),
            election: sample.def.election.id.clone(),
            precinct: p0.clone(),
            act: Act::Issued,
            number: number.clone(),
            iin: holder.clone(),
            home: p0.clone(),
            contests: vec![contest.clone()],
            offline: false,
        };
        let good = signed_notice(&keys[0], issue.clone());
        let path = format!("/api/precincts/{p0}/certificates/{number}");
        let use_path = format!(
            "/api/precincts/{}/certificate-uses/{number}",
            sample.precinct(1)
        );
        let with = |f: &dyn Fn(&mut CertificateNotice)| {
            let mut n = issue.clone();
            f(&mut n);
            signed_notice(&keys[0], n)
        };
        const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
        let cases: Vec<Case> = vec![
            (
                "S71 an issue by a precinct not in the election",
                format!("/api/precincts/atlantis/certificates/{number}"),
                good.clone(),
                StatusCode::NOT_FOUND,
                "not-found",
                "not in the election",
            ),
            (
                "S71 a use at a precinct not in the election",
                format!("/api/precincts/atlantis/certificate-uses/{number}"),
                good.clone(),
                StatusCode::NOT_FOUND,
                "not-found",
                "not in the election",
            ),
            (
                "S72 not UTF-8",
                path.clone(),
                vec![b'{', 0xc3, 0x28, b'}'],
                StatusCode::BAD_REQUEST,
                "bad-request",
                "not UTF-8",
            ),
            (
                "S72 not a notice",
                path.clone(),
                br#"{"notice": 1}"#.to_vec(),
                StatusCode::BAD_REQUEST,
                "bad-request",
                "not a signed certificate notice",
            ),
            (
                "S72 a use: not a notice",
                use_path.clone(),
                b"[]".to_vec(),
                StatusCode::BAD_REQUEST,
                "bad-request",
                "not a signed certificate notice",
            ),
            (
                "S73 another format tag",
                path.clone(),
                with(&|n| n.format = "sailau-certificate/9".into()),
                UNPROCESSABLE,
                "unprocessable",
                "format: sailau-certificate/9",
            ),
            (
                "S73 another election",
                path.clone(),
                with(&|n| n.election = "another-election".into()),
                UNPROCESSABLE,
                "unprocessable",
                "in another-election",
            ),
            (
                "S73 a use sent as an issue",
                path.clone(),
                with(&|n| n.act = Act::Used),
                UNPROCESSABLE,
                "unprocessable",
                "the notice is of",
            ),
            (
                "S74 a home not in the election",
                path.clone(),
                with(&|n| n.home = "atlantis".into()),
                UNPROCESSABLE,
                "unprocessable",
                "home: precinct atlantis is not in the election",
            ),
            (
                "S75 an issue marked offline",
                path.clone(),
                with(&|n| n.offline = true),
                UNPROCESSABLE,
                "unprocessable",
                "offline: an issue is never offline",
            ),
        ];
        for (case, path, body, status, code, words) in cases {
            refused(
                &format!("{}: {case}", h.store),
                put(&h, &path, None, body),
                status,
                code,
                words,
            );
        }
        // None was taken, and none flagged: the good notice is new.
        assert!(flags(&h).is_empty(), "{}", h.store);
        let (s, v) = put(&h, &path, None, good.clone());
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", h.store);

        // S76: a second, different notice of issue for the number: refused and flagged.
        let other = with(&|n| {
            n.contests = sample
                .def
                .contests_of(&p0)
                .iter()
                .map(|c| c.id.clone())
                .collect()
        });
        assert_ne!(other, good);
        let (s, v) = put(&h, &path, None, other);
        assert_eq!(s, StatusCode::CONFLICT, "{}: {v}", h.store);
        assert_eq!(v["error"], "conflict", "{v}");
        let flags = flags(&h);
        assert_eq!(flags.len(), 1, "{flags:?}");
        assert_eq!(flags[0]["kind"], "second-certificate");
        // The first is kept: it is recognised again.
        let (s, v) = put(&h, &path, None, good);
        assert_eq!(s, StatusCode::OK, "{}: {v}", h.store);
    }
}

#[test]
fn summaries_without_a_key_of_another_level_or_unit_or_unreadable_are_refused() {
    for store in stores() {
        let (h, sample, keys, _) = defined(&store, 3);
        for (i, key) in keys.iter().enumerate() {
            let (s, v) = put(
                &h,
                &format!("/api/precincts/{}/protocol", sample.precinct(i)),
                None,
                sign_protocol(key, sample.protocol(i)),
            );
            assert_eq!(s, StatusCode::CREATED, "{v}");
        }
        let region = sample
            .def
            .region_of(sample.precinct(0))
            .unwrap()
            .to_string();
        let summary = |unit: &str| -> sailau_protocol::Protocol {
            let (_, v) = h.json("GET", &format!("/api/units/{unit}/summary"), None, None);
            serde_json::from_value(v["protocol"].clone()).unwrap()
        };
        let tec_key = h.add_signer("tec", Role::Territorial, Some(&region), 1);
        h.add_user("tec-keyless", Role::Territorial, Some(&region));
        // An account made as `sailau users add` makes it, for a unit the election lacks.
        let lost_key = h.add_signer("tec-lost", Role::Territorial, Some("atlantis"), 2);
        let cec_key = h.add_signer("cec-chair", Role::Cec, None, 3);
        let tec = h.sign_in("tec");
        let keyless = h.sign_in("tec-keyless");
        let lost = h.sign_in("tec-lost");
        let chair = h.sign_in("cec-chair");
        let unit_path = format!("/api/units/{region}/protocol");
        let good = sign_protocol(&tec_key, summary(&region));
        let mut at_precinct = summary(&region);
        at_precinct.level = sailau_protocol::Level::Precinct;
        let mut of_atlantis = summary(&region);
        of_atlantis.unit = "atlantis".into();
        const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
        let cases: Vec<MethodCase> = vec![
            (
                "S83 an account with no signing key",
                &keyless,
                unit_path.clone(),
                good.clone(),
                StatusCode::FORBIDDEN,
                "forbidden",
                "has no signing key registered",
            ),
            (
                "S84 a summary signed at the precinct level",
                &tec,
                unit_path.clone(),
                sign_protocol(&tec_key, at_precinct),
                UNPROCESSABLE,
                "unprocessable",
                "level and unit",
            ),
            (
                "S84 another unit's summary",
                &tec,
                unit_path.clone(),
                sign_protocol(&tec_key, of_atlantis.clone()),
                UNPROCESSABLE,
                "unprocessable",
                "level and unit",
            ),
            (
                "S84 a region's summary as the nation's",
                &chair,
                "/api/national/protocol".into(),
                sign_protocol(&cec_key, summary(&region)),
                UNPROCESSABLE,
                "unprocessable",
                "level and unit",
            ),
            (
                "S85 not UTF-8",
                &tec,
                unit_path.clone(),
                vec![0xff; 8],
                StatusCode::BAD_REQUEST,
                "bad-request",
                "not UTF-8",
            ),
            (
                "S85 not a signed protocol",
                &tec,
                unit_path.clone(),
                summary(&region).to_json().into_bytes(),
                StatusCode::BAD_REQUEST,
                "bad-request",
                "not a signed protocol",
            ),
            (
                "S85 the nation's: not a signed protocol",
                &chair,
                "/api/national/protocol".into(),
                br#"{"protocol": 1}"#.to_vec(),
                StatusCode::BAD_REQUEST,
                "bad-request",
                "not a signed protocol",
            ),
            (
                "S86 a unit not in the election",
                &lost,
                "/api/units/atlantis/protocol".into(),
                sign_protocol(&lost_key, of_atlantis),
                StatusCode::NOT_FOUND,
                "not-found",
                "unit atlantis is not in the election",
            ),
        ];
        for (case, who, path, body, status, code, words) in cases {
            refused(
                &format!("{}: {case}", h.store),
                put(&h, &path, Some(who), body),
                status,
                code,
                words,
            );
        }
        // Nothing was signed or flagged: the good summary is new.
        assert!(flags(&h).is_empty(), "{}", h.store);
        let (s, v) = put(&h, &unit_path, Some(&tec), good);
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", h.store);
    }
}

#[test]
fn paper_audit_plans_and_counts_that_do_not_read_come_too_early_or_do_not_fit_are_refused() {
    use sailau_audit::{sample::hand_counts, Plan};
    for store in stores() {
        let n = 6;
        let (h, sample, keys, token) = defined(&store, n);
        let t = Some(token.as_str());
        let protocols: Vec<sailau_protocol::Protocol> =
            (0..n).map(|i| sample.protocol(i)).collect();
        let plan =
            Plan::of_record(&sample.def, &protocols, "12345678901234567890", "0.05").unwrap();
        let plan_body = serde_json::to_vec(&plan).unwrap();
        let counts = hand_counts(&sample.def, &protocols);
        let plan_path = "/api/paper-audit/plan";
        let counts_path = "/api/paper-audit/counts";
        let go =
            |case: &str, path: &str, body: Vec<u8>, status: StatusCode, code: &str, words: &str| {
                refused(
                    &format!("{}: {case}", h.store),
                    put(&h, path, t, body),
                    status,
                    code,
                    words,
                );
            };

        // S101: a plan that is not JSON, or not a plan.
        go(
            "S101 not JSON",
            plan_path,
            b"plan".to_vec(),
            StatusCode::BAD_REQUEST,
            "bad-request",
            "not an audit plan",
        );
        go(
            "S101 not a plan",
            plan_path,
            br#"{"seed": 1}"#.to_vec(),
            StatusCode::BAD_REQUEST,
            "bad-request",
            "not an audit plan",
        );
        // S102: the right plan, before every precinct has reported.
        for i in 0..n - 1 {
            let (s, v) = put(
                &h,
                &format!("/api/precincts/{}/protocol", sample.precinct(i)),
                None,
                sign_protocol(&keys[i], protocols[i].clone()),
            );
            assert_eq!(s, StatusCode::CREATED, "{v}");
        }
        go(
            "S102 a plan too early",
            plan_path,
            plan_body.clone(),
            StatusCode::CONFLICT,
            "conflict",
            "no plan can be made yet",
        );
        let last = n - 1;
        let (s, v) = put(
            &h,
            &format!("/api/precincts/{}/protocol", sample.precinct(last)),
            None,
            sign_protocol(&keys[last], protocols[last].clone()),
        );
        assert_eq!(s, StatusCode::CREATED, "{v}");
        // S103: honest counts, before any plan.
        go(
            "S103 counts before a plan",
            counts_path,
            counts.to_json().into_bytes(),
            StatusCode::CONFLICT,
            "conflict",
            "no audit plan has been published yet",
        );
        let (_, v) = h.json("GET", "/api/paper-audit", None, None);
        assert_eq!(v["plan"], Value::Null, "nothing was stored: {v}");

        let (s, v) = put(&h, plan_path, t, plan_body);
        assert_eq!(s, StatusCode::CREATED, "{v}");
        // S104: counts that are not UTF-8, or do not read.
        go(
            "S104 not UTF-8",
            counts_path,
            vec![0xff, b'{', b'}'],
            StatusCode::BAD_REQUEST,
            "bad-request",
            "UTF-8",
        );
        go(
            "S104 not JSON",
            counts_path,
            b"counts".to_vec(),
            StatusCode::BAD_REQUEST,
            "bad-request",
            "",
        );
        let mut other_format = counts.clone();
        other_format.format = "sailau-hand-counts/9".into();
        go(
            "S104 another format tag",
            counts_path,
            other_format.to_json().into_bytes(),
            StatusCode::BAD_REQUEST,
            "bad-request",
            "format",
        );
        // S105: counts that do not fit the plan.
        let mut reordered = counts.clone();
        let k = reordered.precincts[0]
            .contests
            .iter()
            .position(|k| k.options.len() > 1)
            .unwrap();
        reordered.precincts[0].contests[k].options.reverse();
        go(
            "S105 options in another order",
            counts_path,
            reordered.to_json().into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "the options counted are",
        );
        // A precinct whose ballots do not carry a contest of the plan, counted for it.
        let (c, j) = plan
            .contests
            .iter()
            .find_map(|c| {
                (0..n)
                    .find(|&j| {
                        !sample
                            .def
                            .contests_of(sample.precinct(j))
                            .iter()
                            .any(|x| x.id == c.contest)
                    })
                    .map(|j| (c.contest.clone(), j))
            })
            .expect("a contest not on every ballot");
        let mut stray = counts.clone();
        let from = stray
            .precincts
            .iter()
            .flat_map(|p| &p.contests)
            .find(|k| k.contest == c)
            .unwrap()
            .clone();
        let target = stray
            .precincts
            .iter_mut()
            .find(|p| p.precinct == sample.precinct(j))
            .unwrap();
        target.contests.push(from);
        go(
            "S105 a precinct with no paper of the contest",
            counts_path,
            stray.to_json().into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            "has no paper of contest",
        );
        // None was stored: the plan stands, with no counts.
        let (_, v) = h.json("GET", "/api/paper-audit", None, None);
        assert_eq!(v["counted"], 0, "{v}");
        assert_eq!(v["assessment"], Value::Null, "{v}");
    }
}

#[test]
fn election_documents_that_do_not_read_or_list_bad_station_keys_are_refused() {
    for store in stores() {
        let h = Harness::start(&store);
        h.add_user("cec-admin", Role::Cec, None);
        let token = h.sign_in("cec-admin");
        let sample = SampleElection::new(3, 1);
        let keys: Vec<Value> = serde_json::from_str(&sample.stations).unwrap();
        let stations_with = |f: &dyn Fn(&mut Vec<Value>)| {
            let mut k = keys.clone();
            f(&mut k);
            serde_json::to_string(&k).unwrap()
        };
        let mut unknown_field: Value = serde_json::from_str(&sample.definition).unwrap();
        unknown_field["colour"] = json!("blue");
        let body = |definition: &str, election: &str, stations: &str| {
            json!({"definition": definition, "election": election, "stations": stations})
                .to_string()
        };
        let (d, e, st) = (
            sample.definition.as_str(),
            sample.election.as_str(),
            sample.stations.as_str(),
        );
        const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
        let cases: Vec<(&str, String, StatusCode, &str, &str)> = vec![
            (
                "S18 a definition that is not JSON",
                body("definition", e, st),
                UNPROCESSABLE,
                "unprocessable",
                "definition:",
            ),
            (
                "S18 a definition with an unknown field",
                body(&unknown_field.to_string(), e, st),
                UNPROCESSABLE,
                "unprocessable",
                "colour",
            ),
            (
                "S20 an election.json that is not a record",
                body(d, "{}", st),
                UNPROCESSABLE,
                "unprocessable",
                "election:",
            ),
            (
                "S20 an election.json that is not JSON",
                body(d, "election", st),
                UNPROCESSABLE,
                "unprocessable",
                "election:",
            ),
            (
                "S21 a stations.json that is not JSON",
                body(d, e, "stations"),
                UNPROCESSABLE,
                "unprocessable",
                "stations:",
            ),
            (
                "S21 a stations.json of another shape",
                body(d, e, r#"{"precinct": "x"}"#),
                UNPROCESSABLE,
                "unprocessable",
                "stations:",
            ),
            (
                "S22 a key for a precinct not in the definition",
                body(
                    d,
                    e,
                    &stations_with(&|k| {
                        k.push(json!({"precinct": "atlantis", "public_key": keys[0]["public_key"]}))
                    }),
                ),
                UNPROCESSABLE,
                "unprocessable",
                "stations[3].precinct: atlantis is not in the definition",
            ),
            (
                "S22 a key that is not hex",
                body(d, e, &stations_with(&|k| k[1]["public_key"] = json!("zz"))),
                UNPROCESSABLE,
                "unprocessable",
                "stations[1].public_key: not an Ed25519 public key",
            ),
            (
                "S22 a key in capitals",
                body(
                    d,
                    e,
                    &stations_with(&|k| {
                        k[1]["public_key"] =
                            json!(k[1]["public_key"].as_str().unwrap().to_uppercase())
                    }),
                ),
                UNPROCESSABLE,
                "unprocessable",
                "stations[1].public_key",
            ),
            (
                "S22 a second key for a precinct",
                body(
                    d,
                    e,
                    &stations_with(&|k| {
                        let first = k[0].clone();
                        k.push(first)
                    }),
                ),
                UNPROCESSABLE,
                "unprocessable",
                "has a second key",
            ),
        ];
        for (case, body, status, code, words) in cases {
            let r = h.json("PUT", "/api/election", Some(&token), Some(&body));
            refused(&format!("{}: {case}", h.store), r, status, code, words);
        }
        // Nothing was defined; the good documents are then taken.
        let (s, _) = h.json("GET", "/api/election", None, None);
        assert_eq!(s, StatusCode::CONFLICT, "{}", h.store);
        let (s, v) = h.json("PUT", "/api/election", Some(&token), Some(&sample.upload()));
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
}

#[test]
fn protocols_not_utf8_or_with_a_signature_not_hex_are_refused() {
    for store in stores() {
        let (h, sample, keys, _) = defined(&store, 2);
        let p = sample.precinct(0).to_string();
        let path = format!("/api/precincts/{p}/protocol");
        let good = sign_protocol(&keys[0], sample.protocol(0));
        let mut text: Value = serde_json::from_slice(&good).unwrap();
        let signature = text["signature"].as_str().unwrap().to_string();
        let mut latin1 = good.clone();
        let at = latin1.iter().position(|&b| b == b'"').unwrap();
        latin1.insert(at + 1, 0xe9);
        let cases: Vec<(&str, Vec<u8>, StatusCode, &str, &str)> = vec![
            (
                "S26 not UTF-8",
                latin1,
                StatusCode::BAD_REQUEST,
                "bad-request",
                "UTF-8",
            ),
            (
                "S32 a signature of 63 bytes",
                {
                    text["signature"] = json!(&signature[2..]);
                    text.to_string().into_bytes()
                },
                StatusCode::FORBIDDEN,
                "forbidden",
                "signature: not 64 bytes of lowercase hex",
            ),
            (
                "S32 a signature in capitals",
                {
                    text["signature"] = json!(signature.to_uppercase());
                    text.to_string().into_bytes()
                },
                StatusCode::FORBIDDEN,
                "forbidden",
                "signature: not 64 bytes of lowercase hex",
            ),
            (
                "S32 a signature not hex",
                {
                    text["signature"] = json!("g".repeat(128));
                    text.to_string().into_bytes()
                },
                StatusCode::FORBIDDEN,
                "forbidden",
                "signature: not 64 bytes of lowercase hex",
            ),
        ];
        for (case, body, status, code, words) in cases {
            refused(
                &format!("{}: {case}", h.store),
                put(&h, &path, None, body),
                status,
                code,
                words,
            );
        }
        let (s, _) = h.request("GET", &path, None, None);
        assert_eq!(s, StatusCode::NOT_FOUND, "nothing was taken");
        let (s, v) = put(&h, &path, None, good);
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
}

/// Writes `,"key":N` of `text` as `N` followed by `spelling` (such as `.0`), everywhere.
fn respell(text: &str, key: &str, spelling: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(key) {
        let (before, after) = rest.split_at(at + key.len());
        out.push_str(before);
        let spaces = after.len() - after.trim_start().len();
        let digits = after[spaces..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len() - spaces);
        out.push_str(&after[..spaces + digits]);
        out.push_str(spelling);
        rest = &after[spaces + digits..];
    }
    out.push_str(rest);
    out
}

/// S5a: JSON has one kind of number, and the OpenAPI document's integers are JSON Schema's: a
/// count written `599.0` or `5.99e2` is the count 599, and stored as `599`; `599.5` is no count.
/// S95a, S97: a ledger of no entries, or not UTF-8, is refused.
#[test]
fn whole_numbers_are_counts_and_empty_or_non_utf8_ledgers_are_refused() {
    for store in stores() {
        let h = Harness::start(&store);
        h.add_user("cec-admin", Role::Cec, None);
        let token = h.sign_in("cec-admin");
        let sample = SampleElection::new(3, 9);
        let (s, v) = h.json("PUT", "/api/election", Some(&token), Some(&sample.upload()));
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", h.store);
        let text = String::from_utf8(sample.signed_protocol(0)).unwrap();
        let path = format!("/api/precincts/{}/protocol", sample.precinct(0));
        let fraction = respell(&text, "\"registered\":", ".5");
        let (s, v) = put(&h, &path, None, fraction.into_bytes());
        refused("599.5", (s, v), StatusCode::BAD_REQUEST, "bad-request", "");
        let point = respell(&text, "\"registered\":", ".0");
        let point = respell(&point, "\"invalid\":", "e0");
        assert_ne!(point, text);
        let (s, v) = put(&h, &path, None, point.into_bytes());
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", h.store);
        let (s, stored) = h.request("GET", &path, None, None);
        assert_eq!(s, StatusCode::OK);
        // Stored with each count as its digits: the very text the station signed.
        assert_eq!(String::from_utf8(stored).unwrap(), text, "{}", h.store);
        // The same protocol in its first spelling is a repeat of it.
        assert_eq!(put(&h, &path, None, text.into_bytes()).0, StatusCode::OK);

        for (case, body) in [
            ("no entries", b"\n \n".to_vec()),
            ("not UTF-8", vec![0xff, b'{', b'}']),
        ] {
            let (s, b) = h.request("POST", "/api/registry/ledger", Some(&token), Some(body));
            let v: Value = serde_json::from_slice(&b).unwrap_or(Value::Null);
            refused(case, (s, v), StatusCode::BAD_REQUEST, "bad-request", "");
        }
    }
}

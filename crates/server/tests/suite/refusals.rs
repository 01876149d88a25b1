//! Rows of docs/bad-input.md §2 that had no test: the overall sign-in limit (S10), a definition
//! that fails its checks (S19) and a second, different record (S49). Each refusal is checked
//! for its status, its error code, the words that name the problem, and what was (not) stored.
//!
//! S118 and S119 (the commissions' console) are pages of `sailau-web`, which this crate's
//! tests cannot reach; they belong with the other console tests in `crates/web/tests/`.

use super::bad_input::{ballot_line, defined, put, record, sealed_protocol};
use crate::common::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sailau_server::auth::Role;
use sailau_server::sample::SampleElection;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Asserts the status, the error code and that the message contains each of `words`.
fn refused(
    case: &str,
    (s, v): &(StatusCode, Value),
    status: StatusCode,
    code: &str,
    words: &[&str],
) {
    assert_eq!(*s, status, "{case}: {v}");
    assert_eq!(v["error"], code, "{case}: {v}");
    let message = v["message"].as_str().unwrap_or_default();
    for w in words {
        assert!(message.contains(w), "{case}: {message:?} lacks {w:?}");
    }
}

/// S10: docs/server.md, "Rate limits": 20 sign-ins a second overall, in a burst of 40. A
/// flood of 100 sign-ins at once, no name tried more than 9 times (under the limit of 10 a
/// minute per name), mostly with the right password: the first 40 to arrive are answered on
/// their merits, and past them each is turned away but for one per 1/20 s gone by; a second
/// after the refusal the account signs in.
#[test]
fn sign_ins_past_the_overall_burst_are_turned_away_whatever_the_name() {
    const BURST: usize = 40;
    const ATTEMPTS: usize = 100;
    const ACCOUNTS: usize = 9;
    // One sign-in more is let in every 1/20 s.
    const REFILL_MS: u128 = 1000 / 20;
    // Every fifth attempt is a stranger's (19 of them); the rest go round the accounts, nine
    // each, with the right password.
    let stranger = |i: usize| i % 5 == 4 && i < 95;
    for store in stores() {
        let h = Harness::start(&store);
        for a in 0..ACCOUNTS {
            h.add_user(&format!("member-{a}"), Role::Observer, None);
        }
        let mut next = 0;
        let attempts: Vec<(String, String)> = (0..ATTEMPTS)
            .map(|i| {
                if stranger(i) {
                    (format!("stranger-{i}"), "not the password".to_string())
                } else {
                    next += 1;
                    (
                        format!("member-{}", (next - 1) % ACCOUNTS),
                        ADMIN_PASSWORD.to_string(),
                    )
                }
            })
            .collect();
        let mut tries = std::collections::HashMap::new();
        for (name, _) in &attempts {
            *tries.entry(name.clone()).or_insert(0) += 1;
        }
        assert!(tries.values().all(|&n| n <= 9), "{tries:?}");

        // One thread sends, two check the passwords (Argon2), as on two cores.
        let rt = tokio::runtime::Builder::new_current_thread()
            .max_blocking_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let app = sailau_server::api::router(h.service.clone());
        let bodies: Vec<String> = attempts
            .iter()
            .map(|(name, password)| json!({ "name": name, "password": password }).to_string())
            .collect();
        let started = Instant::now();
        let answers: Vec<(StatusCode, Value, Instant)> = rt.block_on(async move {
            let tasks: Vec<_> = bodies
                .into_iter()
                .map(|body| {
                    let req = Request::builder()
                        .method("POST")
                        .uri("/api/session")
                        .header("content-type", "application/json")
                        .body(Body::from(body))
                        .unwrap();
                    let app = app.clone();
                    tokio::spawn(async move {
                        let r = app.oneshot(req).await.unwrap();
                        let at = Instant::now();
                        let status = r.status();
                        let body = r.into_body().collect().await.unwrap().to_bytes();
                        (status, serde_json::from_slice::<Value>(&body).unwrap(), at)
                    })
                })
                .collect();
            let mut answers = Vec::new();
            for t in tasks {
                answers.push(t.await.unwrap());
            }
            answers
        });
        let took = started.elapsed();
        let case = |i: usize| format!("{}: attempt {i} of {ATTEMPTS} in {took:?}", h.store);

        // The limit holds over the whole flood: 40, and one more per 1/20 s it lasted.
        let let_in = answers
            .iter()
            .filter(|a| a.0 != StatusCode::TOO_MANY_REQUESTS)
            .count();
        let most = BURST + 1 + (took.as_millis() / REFILL_MS) as usize;
        assert!(
            (BURST..=most).contains(&let_in),
            "{}: {let_in} let in of {ATTEMPTS} in {took:?}",
            h.store
        );
        let mut held_back = 0;
        for (i, (s, v, _)) in answers.iter().enumerate() {
            let answer = (*s, v.clone());
            if *s != StatusCode::TOO_MANY_REQUESTS {
                // Let in, and answered on its merits.
                if stranger(i) {
                    refused(
                        &case(i),
                        &answer,
                        StatusCode::UNAUTHORIZED,
                        "unauthenticated",
                        &["wrong name or password"],
                    );
                } else {
                    assert_eq!(*s, StatusCode::CREATED, "{}: {v}", case(i));
                    assert_eq!(v["name"], attempts[i].0.as_str(), "{}", case(i));
                }
                continue;
            }
            // Turned away by the overall limit: the per-name one would name the account.
            refused(
                &case(i),
                &answer,
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                &["sign-ins"],
            );
            let message = v["message"].as_str().unwrap();
            assert!(!message.contains(&attempts[i].0), "{}: {message}", case(i));
            held_back += usize::from(!stranger(i));
        }
        // The right password is no way past it (81 of the 100 attempts carry it, so while
        // fewer than 81 are let in, some of them are among those turned away).
        assert!(held_back > 0, "{}: {let_in} let in", h.store);

        // A second after the last refusal, an account signs in.
        let last = answers
            .iter()
            .filter(|a| a.0 == StatusCode::TOO_MANY_REQUESTS)
            .map(|a| a.2)
            .max()
            .unwrap();
        std::thread::sleep(Duration::from_secs(1).saturating_sub(last.elapsed()));
        let token = h.sign_in("member-0");
        let (s, v) = h.json("GET", "/api/session", Some(&token), None);
        assert_eq!((s, &v["name"]), (StatusCode::OK, &json!("member-0")), "{v}");
    }
}

/// S19: `PUT /api/election` with a definition that fails its checks (docs/bad-input.md §4.2):
/// 422, and the message names every problem by its path in the file, not only the first.
/// Nothing is defined, and the right documents are taken afterwards.
#[test]
fn a_definition_that_fails_its_checks_is_refused_with_every_problem_named() {
    for store in stores() {
        let h = Harness::start(&store);
        h.add_user("cec-admin", Role::Cec, None);
        let admin = h.sign_in("cec-admin");
        let sample = SampleElection::new(3, 7);
        let mut d = sailau_definition::Definition::from_json(&sample.definition).unwrap();
        // F19: not an id (lowercase letters, digits, '-', '_').
        d.election.id = "Mazhilis 2023".into();
        // F21: a registration order repeated.
        d.parties[1].registration_order = d.parties[0].registration_order;
        // F22: a candidate with no name.
        d.candidates[0].name = "  ".into();
        // F7: the Mazhilis has 69 party-list seats since the 2022 amendments.
        let list = d
            .contests
            .iter()
            .position(|c| c.id == "mazhilis-list")
            .unwrap();
        d.contests[list].seats = Some(70);
        // F14: a quorum larger than the guardians.
        d.guardians.quorum = d.guardians.members.len() as u32 + 1;
        let body = json!({
            "definition": d.to_json(),
            "election": sample.election,
            "stations": sample.stations,
        })
        .to_string();
        let answer = h.json("PUT", "/api/election", Some(&admin), Some(&body));
        let seats = format!("contests[{list}].seats: ");
        let case = format!("{}: S19", h.store);
        refused(
            &case,
            &answer,
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
            &[
                "definition: ",
                "election.id: ",
                "parties[1].registration_order: ",
                "candidates[0].name: ",
                &seats,
                "69",
                "guardians.quorum: ",
            ],
        );

        // Nothing was defined: the election is still to come, and its documents are taken.
        let (s, v) = h.json("GET", "/api/election", None, None);
        refused(
            &case,
            &(s, v),
            StatusCode::CONFLICT,
            "conflict",
            &["no election is defined yet"],
        );
        let (s, v) = h.json("PUT", "/api/election", Some(&admin), Some(&sample.upload()));
        assert_eq!(s, StatusCode::CREATED, "{case}: {v}");
    }
}

/// S49: a second, different record for a precinct: 409, flagged `second-record` for all to
/// see, the first kept and served, nothing of the second on the board.
///
/// A record that passes the seal's checks (S44-S46) is, byte for byte, the one the accepted
/// protocol seals, so through the API a second record is either a retry (S49a, 200) or
/// refused before it is compared. The first record is therefore put in the store straight,
/// as the service stores one; the station then sends the record its seal names.
#[test]
fn a_second_different_record_is_refused_and_flagged_and_the_first_kept() {
    for store in stores() {
        let (h, sample, keys, _) = defined(&store, 2);
        let p = sample.precinct(0).to_string();
        let ballots = format!("{}\n{}\n", ballot_line(1), ballot_line(2));
        let tally = r#"{"tally": []}"#;
        let body = sealed_protocol(&h, &sample, &keys[0], 0, &ballots, tally);
        let (s, v) = put(&h, &format!("/api/precincts/{p}/protocol"), None, body);
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", h.store);

        let (first_ballots, first_tally) = (format!("{}\n", ballot_line(3)), r#"{"tally": [1]}"#);
        let first =
            sailau_server::records::record_digest(first_ballots.as_bytes(), first_tally.as_bytes());
        h.service
            .db
            .transaction(|tx| {
                tx.execute(
                    "INSERT INTO records (precinct, sha256, ballots, tally, at) \
                     VALUES ($1, $2, $3, $4, $5)",
                    &[
                        (&p).into(),
                        (&first).into(),
                        first_ballots.as_bytes().into(),
                        first_tally.as_bytes().into(),
                        ELECTION_NOON.into(),
                    ],
                )
            })
            .unwrap();
        let (_, head) = h.json("GET", "/api/board/head", None, None);

        let path = format!("/api/precincts/{p}/record");
        let second = sailau_server::records::record_digest(ballots.as_bytes(), tally.as_bytes());
        let case = format!("{}: S49", h.store);
        for attempt in 0..2 {
            refused(
                &format!("{case} (attempt {attempt})"),
                &put(&h, &path, None, record(&keys[0], &p, &ballots, tally)),
                StatusCode::CONFLICT,
                "conflict",
                &["second, different record", &second, &first, "is kept"],
            );
        }

        // Flagged for all to see.
        let (s, v) = h.json("GET", "/api/flags", None, None);
        assert_eq!(s, StatusCode::OK, "{case}: {v}");
        let flags = v["flags"].as_array().unwrap();
        assert!(!flags.is_empty(), "{case}: {v}");
        for f in flags {
            assert_eq!(f["kind"], "second-record", "{case}: {f}");
            assert_eq!(f["unit"], p.as_str(), "{case}: {f}");
        }
        // The first is kept and served; none of the second's ballots reached the board.
        let (s, b) = h.request(
            "GET",
            &format!("/api/precincts/{p}/ballots.jsonl"),
            None,
            None,
        );
        assert_eq!(
            (s, b),
            (StatusCode::OK, first_ballots.into_bytes()),
            "{case}"
        );
        let (s, b) = h.request("GET", &format!("/api/precincts/{p}/tally.json"), None, None);
        assert_eq!(
            (s, b),
            (StatusCode::OK, first_tally.as_bytes().to_vec()),
            "{case}"
        );
        let (_, after) = h.json("GET", "/api/board/head", None, None);
        assert_eq!(after, head, "{case}");
        assert_eq!(after["seq"], 0, "{case}: {after}");
    }
}

//! The central service on both stores: defining the election, precincts' protocols (accepted,
//! repeated, refused, conflicting), totals recomputed at every level, restarts, the audit
//! log and the append-only tables.

use crate::common::*;
use axum::http::StatusCode;
use sailau_server::auth::Role;
use sailau_server::sample::SampleElection;
use serde_json::Value;

/// A service with an election of `precincts` precincts defined by a CEC administrator.
fn defined(store: &Store, precincts: usize) -> (Harness, SampleElection, String) {
    let h = Harness::start(store);
    h.add_user("cec-admin", Role::Cec, None);
    let token = h.sign_in("cec-admin");
    let sample = SampleElection::new(precincts, 7);
    let (s, v) = h.json("PUT", "/api/election", Some(&token), Some(&sample.upload()));
    assert_eq!(s, StatusCode::CREATED, "{}: {v}", h.store);
    (h, sample, token)
}

fn put_protocol(h: &Harness, precinct: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let (s, b) = h.request(
        "PUT",
        &format!("/api/precincts/{precinct}/protocol"),
        None,
        Some(body),
    );
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

#[test]
fn the_election_is_defined_once_by_the_cec() {
    for store in stores() {
        let h = Harness::start(&store);
        let sample = SampleElection::new(4, 1);
        let (s, _) = h.json("PUT", "/api/election", None, Some(&sample.upload()));
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{}", store.name);
        let (s, _) = h.json("GET", "/api/election", None, None);
        assert_eq!(s, StatusCode::CONFLICT, "nothing defined yet");

        h.add_user("cec-admin", Role::Cec, None);
        h.add_user("observer", Role::Observer, None);
        let observer = h.sign_in("observer");
        let (s, _) = h.json(
            "PUT",
            "/api/election",
            Some(&observer),
            Some(&sample.upload()),
        );
        assert_eq!(s, StatusCode::FORBIDDEN);

        let admin = h.sign_in("cec-admin");
        let (s, v) = h.json("PUT", "/api/election", Some(&admin), Some(&sample.upload()));
        assert_eq!((s, v["new"].as_bool()), (StatusCode::CREATED, Some(true)));
        // The same documents again: nothing changes.
        let (s, v) = h.json("PUT", "/api/election", Some(&admin), Some(&sample.upload()));
        assert_eq!((s, v["new"].as_bool()), (StatusCode::OK, Some(false)));
        // Other documents: refused, the first kept.
        let other = SampleElection::new(4, 2);
        let (s, _) = h.json("PUT", "/api/election", Some(&admin), Some(&other.upload()));
        assert_eq!(s, StatusCode::CONFLICT);
        let (s, b) = h.request("GET", "/api/record/definition.json", None, None);
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            b,
            sample.definition.as_bytes(),
            "served exactly as uploaded"
        );
        let (_, v) = h.json("GET", "/api/election", None, None);
        assert_eq!(v["precincts"], 4);
        assert_eq!(v["date"], "2023-03-19");
    }
}

#[test]
fn a_bad_definition_is_refused_with_its_problems_named() {
    for store in stores() {
        let h = Harness::start(&store);
        h.add_user("cec-admin", Role::Cec, None);
        let admin = h.sign_in("cec-admin");
        let sample = SampleElection::new(4, 1);
        // A station key list that misses a precinct.
        let mut keys: Vec<Value> = serde_json::from_str(&sample.stations).unwrap();
        let dropped = keys.pop().unwrap();
        let body = serde_json::json!({
            "definition": sample.definition,
            "election": sample.election,
            "stations": serde_json::to_string(&keys).unwrap(),
        })
        .to_string();
        let (s, v) = h.json("PUT", "/api/election", Some(&admin), Some(&body));
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        let message = v["message"].as_str().unwrap();
        assert!(
            message.contains(dropped["precinct"].as_str().unwrap()),
            "{message}"
        );
        // The guardians' record of another definition: refused, naming it.
        let other = SampleElection::new(4, 2);
        let body = serde_json::json!({
            "definition": sample.definition,
            "election": other.election,
            "stations": sample.stations,
        })
        .to_string();
        let (s, v) = h.json("PUT", "/api/election", Some(&admin), Some(&body));
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let message = v["message"].as_str().unwrap();
        assert!(
            message.contains("not the one the definition gives"),
            "{message}"
        );
        // The definition in another spelling: its SHA-256 would not be its digest.
        let body = serde_json::json!({
            "definition": sample.definition.replace("\n  ", "\n   "),
            "election": sample.election,
            "stations": sample.stations,
        })
        .to_string();
        let (s, v) = h.json("PUT", "/api/election", Some(&admin), Some(&body));
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(
            v["message"].as_str().unwrap().contains("canonical form"),
            "{v}"
        );
        // An unknown field in the body.
        let (s, v) = h.json(
            "PUT",
            "/api/election",
            Some(&admin),
            Some(r#"{"definitions": ""}"#),
        );
        assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
        // Nothing was stored.
        let (s, _) = h.json("GET", "/api/election", None, None);
        assert_eq!(s, StatusCode::CONFLICT);
    }
}

#[test]
fn a_protocol_is_accepted_once_and_a_second_different_one_is_flagged() {
    for store in stores() {
        let (h, sample, _) = defined(&store, 4);
        let p = sample.precinct(1).to_string();
        let body = sample.signed_protocol(1);
        let (s, first) = put_protocol(&h, &p, body.clone());
        assert_eq!(s, StatusCode::CREATED, "{}: {first}", store.name);
        assert_eq!(first["status"], "accepted");

        // A retry changes nothing and answers as the first time.
        h.clock.set(ELECTION_NOON + 60);
        let (s, again) = put_protocol(&h, &p, body.clone());
        assert_eq!(s, StatusCode::OK);
        assert_eq!(again["status"], "already-accepted");
        assert_eq!(again["accepted_at"], first["accepted_at"]);
        assert_eq!(again["sha256"], first["sha256"]);

        // A second, different protocol, properly signed: refused, flagged, the first kept.
        let mut changed = sample.protocol(1);
        changed.contests[0].options[0].paper += 1;
        changed.contests[0].paper.found_station += 1;
        changed.contests[0].paper.issued_station += 1;
        changed.contests[0].paper.unused -= 1;
        let (s, v) = put_protocol(&h, &p, sample.sign(1, changed));
        assert_eq!(s, StatusCode::CONFLICT, "{v}");
        let (_, flags) = h.json("GET", "/api/flags", None, None);
        let flags = flags["flags"].as_array().unwrap();
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0]["unit"], p.as_str());
        assert_eq!(flags[0]["kind"], "second-protocol");
        let (_, stored) = h.request("GET", &format!("/api/precincts/{p}/protocol"), None, None);
        assert_eq!(stored, body, "the first protocol is served, byte for byte");
    }
}

#[test]
fn forged_misaddressed_and_inconsistent_protocols_are_refused() {
    for store in stores() {
        let (h, sample, _) = defined(&store, 4);
        let p0 = sample.precinct(0).to_string();
        let p1 = sample.precinct(1).to_string();

        // Signed by another station's key.
        let (s, v) = put_protocol(&h, &p0, sample.sign(1, sample.protocol(0)));
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        // Sent to another precinct's address.
        let (s, _) = put_protocol(&h, &p1, sample.signed_protocol(0));
        assert_eq!(s, StatusCode::FORBIDDEN);
        // A changed figure under the original signature.
        let text = String::from_utf8(sample.signed_protocol(0)).unwrap();
        let mut v: Value = serde_json::from_str(&text).unwrap();
        v["protocol"]["contests"][0]["registered"] = Value::from(999_999u64);
        let (s, _) = put_protocol(&h, &p0, v.to_string().into_bytes());
        assert_eq!(s, StatusCode::FORBIDDEN);
        // Properly signed, but the count does not add up.
        let mut broken = sample.protocol(0);
        broken.contests[0].paper.unused += 1;
        let (s, v) = put_protocol(&h, &p0, sample.sign(0, broken));
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            v["message"]
                .as_str()
                .unwrap()
                .contains("paper ballots received"),
            "{v}"
        );
        // Properly signed, but a contest missing.
        let mut short = sample.protocol(0);
        short.contests.pop();
        let (s, v) = put_protocol(&h, &p0, sample.sign(0, short));
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        // Properly signed, but counted with another definition: its names and seats are
        // not this election's.
        let mut relabelled = sample.protocol(0);
        relabelled.definition = "ab".repeat(32);
        let (s, v) = put_protocol(&h, &p0, sample.sign(0, relabelled));
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(
            v["message"].as_str().unwrap().contains(&format!(
                "definition: {}, not this election's definition {}",
                "ab".repeat(32),
                sample.def.digest()
            )),
            "{v}"
        );
        // Not a protocol at all; an unknown precinct.
        let (s, _) = put_protocol(&h, &p0, b"{\"protocol\": 1}".to_vec());
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let (s, _) = put_protocol(&h, "p-99999", sample.signed_protocol(0));
        assert_eq!(s, StatusCode::NOT_FOUND);

        // None of it was stored or counted.
        let (_, r) = h.json("GET", "/api/results", None, None);
        assert_eq!(r["precincts"]["reported"], 0, "{}", store.name);
        let (s, _) = h.request("GET", &format!("/api/precincts/{p0}/protocol"), None, None);
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
}

/// The test's own totals: the sample's votes for option `o` of contest `c`, over precincts.
fn expected_votes(sample: &SampleElection, precincts: &[usize], contest: &str, o: usize) -> u64 {
    precincts
        .iter()
        .filter_map(|&i| {
            let id = sample.precinct(i);
            let c = sample
                .def
                .contests_of(id)
                .iter()
                .position(|c| c.id == contest)?;
            let (p, e) = sample.votes(i, c, o);
            Some(p + e)
        })
        .sum()
}

fn votes_in(protocol: &Value, contest: &str, o: usize) -> u64 {
    let c = protocol["contests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["contest"] == contest)
        .unwrap();
    let opt = &c["options"][o];
    opt["paper"].as_u64().unwrap() + opt["electronic"].as_u64().unwrap()
}

#[test]
fn every_level_is_recomputed_from_the_protocols_below_it_and_survives_a_restart() {
    for store in stores() {
        let n = 12;
        let (h, sample, _) = defined(&store, n);
        let list = "mazhilis-list";
        let (s, _) = h.request("GET", "/api/export/nist-err", None, None);
        assert_eq!(s, StatusCode::CONFLICT, "no report before any precinct has");
        // Half the precincts report: preliminary totals of exactly those.
        for i in 0..n / 2 {
            let (s, _) = put_protocol(&h, sample.precinct(i), sample.signed_protocol(i));
            assert_eq!(s, StatusCode::CREATED);
        }
        let (_, r) = h.json("GET", "/api/results", None, None);
        assert_eq!(r["complete"], false);
        assert_eq!(r["precincts"]["reported"], n / 2);
        let half: Vec<usize> = (0..n / 2).collect();
        // The precinct-level NIST report of the same: every precinct a unit, the counts of
        // those that reported, adding up to the same totals.
        let (s, err) = h.json("GET", "/api/export/nist-err", None, None);
        assert_eq!(s, StatusCode::OK, "{err}");
        assert_eq!(err["Format"], "precinct-level");
        let units = err["GpUnit"].as_array().unwrap();
        assert_eq!(units.iter().filter(|u| u["Type"] == "precinct").count(), n);
        let contest = err["Election"][0]["Contest"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["@id"] == format!("contest.{list}"))
            .unwrap();
        let first = &contest["ContestSelection"][0];
        let at_precincts: u64 = first["VoteCounts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| {
                c["Type"] == "total" && c["GpUnitId"].as_str().unwrap().starts_with("precinct.")
            })
            .map(|c| c["Count"].as_u64().unwrap())
            .sum();
        assert_eq!(at_precincts, expected_votes(&sample, &half, list, 0));
        for o in 0..3 {
            assert_eq!(
                votes_in(&r["national"], list, o),
                expected_votes(&sample, &half, list, o)
            );
        }
        for i in n / 2..n {
            let (s, _) = put_protocol(&h, sample.precinct(i), sample.signed_protocol(i));
            assert_eq!(s, StatusCode::CREATED);
        }
        let (_, r) = h.json("GET", "/api/results", None, None);
        assert_eq!(r["complete"], true);
        let all: Vec<usize> = (0..n).collect();
        let options = r["national"]["contests"][0]["options"]
            .as_array()
            .unwrap()
            .len();
        for o in 0..options {
            assert_eq!(
                votes_in(&r["national"], list, o),
                expected_votes(&sample, &all, list, o),
                "{}: option {o}",
                store.name
            );
        }
        // The law decided the Mazhilis on the national sum: 69 list seats.
        let contests = r["decisions"]["mazhilis"]["contests"].as_array().unwrap();
        let list_seats: u64 = contests.iter().find(|c| c["id"] == list).unwrap()["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["seats"].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(list_seats, 69);

        // Each region's summary is the sum of its own precincts.
        let region = sample
            .def
            .region_of(sample.precinct(0))
            .unwrap()
            .to_string();
        let mine: Vec<usize> = (0..n)
            .filter(|&i| sample.def.region_of(sample.precinct(i)) == Some(region.as_str()))
            .collect();
        let (s, u) = h.json("GET", &format!("/api/units/{region}/summary"), None, None);
        assert_eq!(s, StatusCode::OK);
        assert_eq!(u["precincts"]["reported"], mine.len());
        assert_eq!(
            votes_in(&u["protocol"], list, 0),
            expected_votes(&sample, &mine, list, 0)
        );

        // A restart reads everything back: the same totals.
        let before = h.request("GET", "/api/results", None, None).1;
        drop(h);
        let h = Harness::start(&store);
        let after = h.request("GET", "/api/results", None, None).1;
        let (a, b): (Value, Value) = (
            serde_json::from_slice(&before).unwrap(),
            serde_json::from_slice(&after).unwrap(),
        );
        assert_eq!(a["national"], b["national"], "{}", store.name);
        assert_eq!(a["decisions"], b["decisions"]);
    }
}

#[test]
fn concurrent_uploads_are_all_kept_once() {
    for store in stores() {
        let n = 40;
        let (h, sample, _) = defined(&store, n);
        let app = sailau_server::api::router(h.service.clone());
        let bodies: Vec<(String, Vec<u8>)> = (0..n)
            .map(|i| (sample.precinct(i).to_string(), sample.signed_protocol(i)))
            .collect();
        // Every protocol sent three times at once.
        let statuses: Vec<u16> = h.rt.block_on(async move {
            let mut tasks = Vec::new();
            for _ in 0..3 {
                for (p, b) in &bodies {
                    let app = app.clone();
                    let req = axum::http::Request::builder()
                        .method("PUT")
                        .uri(format!("/api/precincts/{p}/protocol"))
                        .body(axum::body::Body::from(b.clone()))
                        .unwrap();
                    tasks.push(tokio::spawn(async move {
                        use tower::ServiceExt;
                        app.oneshot(req).await.unwrap().status().as_u16()
                    }));
                }
            }
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.unwrap());
            }
            out
        });
        let created = statuses.iter().filter(|&&s| s == 201).count();
        let repeated = statuses.iter().filter(|&&s| s == 200).count();
        assert_eq!(
            (created, repeated),
            (n, 2 * n),
            "{}: {statuses:?}",
            store.name
        );
        let (_, r) = h.json("GET", "/api/results", None, None);
        assert_eq!(r["precincts"]["reported"], n);
        let (_, f) = h.json("GET", "/api/flags", None, None);
        assert_eq!(
            f["flags"].as_array().unwrap().len(),
            0,
            "a retry is not a conflict"
        );
    }
}

#[test]
fn the_audit_log_is_chained_and_the_store_refuses_to_rewrite_history() {
    for store in stores() {
        let (h, sample, admin) = defined(&store, 4);
        let (s, _) = put_protocol(&h, sample.precinct(0), sample.signed_protocol(0));
        assert_eq!(s, StatusCode::CREATED);
        let wrong = serde_json::json!({ "name": "cec-admin", "password": "not the password" });
        let (s, _) = h.json("POST", "/api/session", None, Some(&wrong.to_string()));
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        // A password typed into the name field never reaches the log.
        let slip = serde_json::json!({ "name": "hunter2-secret", "password": "x" });
        let (s, _) = h.json("POST", "/api/session", None, Some(&slip.to_string()));
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        let body = serde_json::json!({
            "name": "obs-1", "password": "a long enough password", "role": "observer"
        });
        let (s, v) = h.json("POST", "/api/users", Some(&admin), Some(&body.to_string()));
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let (s, log) = h.json("GET", "/api/audit", Some(&admin), None);
        assert_eq!(s, StatusCode::OK);
        let entries: Vec<sailau_server::audit::Entry> = log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| sailau_server::audit::Entry {
                seq: e["seq"].as_i64().unwrap(),
                at: e["at"].as_i64().unwrap(),
                actor: e["actor"].as_str().unwrap().into(),
                action: e["action"].as_str().unwrap().into(),
                target: e["target"].as_str().unwrap().into(),
                detail: e["detail"].as_str().unwrap().into(),
                hash: e["hash"].as_str().unwrap().into(),
            })
            .collect();
        let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "sign-in",
                "define-election",
                "sign-in-refused",
                "sign-in-refused",
                "create-user",
            ],
            "{}",
            store.name
        );
        assert_eq!(sailau_server::audit::first_break([0; 32], &entries), None);
        assert!(
            entries.iter().all(|e| !e.actor.contains("hunter2")),
            "{entries:?}"
        );
        assert_eq!(entries[3].actor, "(not an account)");
        // Anyone holding the log finds a changed entry.
        let mut forged = entries.clone();
        forged[1].detail = "nothing happened".into();
        assert_eq!(sailau_server::audit::first_break([0; 32], &forged), Some(2));

        // The store itself refuses to change or delete history.
        for sql in [
            "UPDATE audit SET detail = 'x' WHERE seq = 1",
            "DELETE FROM audit WHERE seq = 1",
            "UPDATE protocols SET at = 0",
            "DELETE FROM documents",
        ] {
            let r = h.service.db.transaction(|tx| tx.execute(sql, &[]));
            assert!(r.is_err(), "{}: {sql} was allowed", store.name);
        }
    }
}

#[test]
fn migrations_run_once_and_a_newer_database_is_refused() {
    for store in stores() {
        let h = Harness::start(&store);
        drop(h);
        let db = sailau_server::db::Database::open(&store.url, 1).unwrap();
        assert_eq!(
            sailau_server::schema::migrate(&db).unwrap(),
            Vec::<i64>::new()
        );
        db.transaction(|tx| {
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)",
                &[],
            )
        })
        .unwrap();
        let e = sailau_server::Service::open(&store.url, 1, sailau_server::clock::Clock::system())
            .err()
            .expect("refused");
        assert!(e.to_string().contains("newer than this binary"), "{e}");
    }
}

#[test]
fn late_and_overdue_precincts_are_shown_by_the_legal_deadline() {
    for store in stores() {
        let (h, sample, _) = defined(&store, 6);
        // On election day: one protocol in, the rest awaited.
        assert_eq!(
            put_protocol(&h, sample.precinct(0), sample.signed_protocol(0)).0,
            StatusCode::CREATED
        );
        let (_, d) = h.json("GET", "/api/deadlines", None, None);
        assert_eq!(
            d["protocols"]["counts"],
            serde_json::json!({ "on-time": 1, "awaiting": 5 })
        );
        // Four days later (past every station's two-day term): one arrives late, four are
        // overdue, and their units are named.
        h.clock.set(ELECTION_NOON + 4 * 86_400);
        assert_eq!(
            put_protocol(&h, sample.precinct(1), sample.signed_protocol(1)).0,
            StatusCode::CREATED
        );
        let (_, d) = h.json("GET", "/api/deadlines", None, None);
        assert_eq!(
            d["protocols"]["counts"],
            serde_json::json!({ "on-time": 1, "late": 1, "overdue": 4 }),
            "{}",
            store.name
        );
        let region = sample.def.region_of(sample.precinct(2)).unwrap();
        assert!(d["late_units"][region].as_u64().unwrap() >= 1, "{d}");
        assert_eq!(d["results"]["status"], "awaiting");
        h.clock.set(ELECTION_NOON + 11 * 86_400);
        let (_, d) = h.json("GET", "/api/deadlines", None, None);
        assert_eq!(d["results"]["status"], "overdue");
    }
}

#[test]
fn floods_are_turned_away_and_retries_are_not() {
    for store in stores() {
        let (h, sample, _) = defined(&store, 2);
        let p = sample.precinct(0).to_string();
        let body = sample.signed_protocol(0);
        let limit = sailau_server::limits::UPLOADS_PER_MINUTE as usize;
        // Anyone may replay a station's (public) protocol: it never locks the station out.
        let replays: Vec<u16> = (0..limit + 5)
            .map(|_| put_protocol(&h, &p, body.clone()).0.as_u16())
            .collect();
        assert_eq!(replays[0], 201);
        assert!(
            replays[1..].iter().all(|&s| s == 200),
            "{}: {replays:?}",
            store.name
        );
        // A station that keeps sending different protocols is held back once past its budget
        // (the first was spent on the accepted one).
        let statuses: Vec<u16> = (0..limit)
            .map(|k| {
                let mut changed = sample.protocol(0);
                changed.contests[0].registered += 1 + k as u64;
                put_protocol(&h, &p, sample.sign(0, changed)).0.as_u16()
            })
            .collect();
        assert!(
            statuses[..limit - 1].iter().all(|&s| s == 409),
            "{statuses:?}"
        );
        assert_eq!(statuses[limit - 1], 429, "{}", store.name);
        // Forgeries are refused before they spend anything.
        let forged = sample.sign(1, sample.protocol(0));
        assert_eq!(put_protocol(&h, &p, forged).0, StatusCode::FORBIDDEN);
        // Another precinct is not held back by it.
        assert_eq!(
            put_protocol(&h, sample.precinct(1), sample.signed_protocol(1)).0,
            StatusCode::CREATED
        );

        // Password guessing: the account is held back after ten attempts a minute (one was
        // the sign-in that defined the election), even with the right password.
        let wrong =
            serde_json::json!({ "name": "cec-admin", "password": "guess guess guess" }).to_string();
        let mut codes = Vec::new();
        for _ in 0..sailau_server::limits::SIGN_INS_PER_MINUTE {
            codes.push(
                h.json("POST", "/api/session", None, Some(&wrong))
                    .0
                    .as_u16(),
            );
        }
        assert_eq!(codes.iter().filter(|&&c| c == 401).count(), 9, "{codes:?}");
        assert_eq!(*codes.last().unwrap(), 429);
        let right =
            serde_json::json!({ "name": "cec-admin", "password": ADMIN_PASSWORD }).to_string();
        assert_eq!(
            h.json("POST", "/api/session", None, Some(&right)).0,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
}

/// 2023-03-19 at `hh:mm` UTC.
fn utc(hh: i64, mm: i64) -> i64 {
    1_679_184_000 + hh * 3600 + mm * 60
}

#[test]
fn turnout_is_taken_at_the_fixed_hours_and_published_once_the_hour_has_come_everywhere() {
    for store in stores() {
        let n = 4;
        let (h, sample, _) = defined(&store, n);
        let send = |i: usize, hour: u8, voted: u64| {
            let (s, b) = h.request(
                "PUT",
                &format!("/api/precincts/{}/turnout", sample.precinct(i)),
                None,
                Some(sample.signed_turnout(i, hour, 1000, voted)),
            );
            (s, String::from_utf8_lossy(&b).into_owned())
        };
        // 03:30 UTC is 08:30 or 09:30 in Kazakhstan: nobody reports the 10:00 figure yet.
        h.clock.set(utc(3, 30));
        let (s, b) = send(0, 10, 5);
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert!(b.contains("has not yet come"), "{b}");

        // 09:30 UTC: 10:00 and 12:00 have come at every station, the one in Moscow (UTC+3)
        // included.
        h.clock.set(utc(9, 30));
        for i in 0..n {
            assert_eq!(
                send(i, 10, 10 * (i as u64 + 1)).0,
                StatusCode::CREATED,
                "{}",
                store.name
            );
            assert_eq!(send(i, 12, 25 * (i as u64 + 1)).0, StatusCode::CREATED);
        }
        assert_eq!(send(0, 10, 10).0, StatusCode::OK, "the same snapshot again");
        assert_eq!(
            send(0, 10, 11).0,
            StatusCode::CONFLICT,
            "another for the same hour"
        );
        let (_, f) = h.json("GET", "/api/flags", None, None);
        assert_eq!(f["flags"][0]["kind"], "second-turnout");
        assert_eq!(
            send(1, 16, 2000).0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "more than the list"
        );
        assert_eq!(
            send(1, 11, 30).0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "not a fixed hour"
        );

        // 10:00 UTC: 14:00 has come at home stations; a figure below 12:00's is refused.
        h.clock.set(utc(10, 0));
        let (s, b) = send(2, 14, 70);
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert!(b.contains("never falls"), "{b}");

        let (_, t) = h.json("GET", "/api/turnout", None, None);
        let hour = |hh: u64| {
            t["hours"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["hour"] == hh)
                .unwrap()
                .clone()
        };
        // 10 + 20 + 30 + 40 of 4,000 voters: 2.50%; 25 + 50 + 75 + 100: 6.25%.
        assert_eq!(hour(10)["national"]["voted"], 100, "{}: {t}", store.name);
        assert_eq!(hour(10)["national"]["registered"], 4000);
        assert_eq!(hour(10)["national"]["percent"], "2.50");
        assert_eq!(hour(12)["national"]["percent"], "6.25");
        assert_eq!(hour(12)["national"]["reporting"], 4);
        assert_eq!(hour(14)["published"], true);
        assert_eq!(hour(14)["national"]["reporting"], 0);
        // 16:00 has not come in the west: not published, no figures.
        assert_eq!(hour(16)["published"], false);
        assert!(hour(16)["national"].is_null());
    }
}

#[test]
fn commissions_sign_their_level_only_as_the_sum_of_the_level_below() {
    for store in stores() {
        let n = 6;
        let (h, sample, _) = defined(&store, n);
        let mut regions: Vec<String> = (0..n)
            .map(|i| {
                sample
                    .def
                    .region_of(sample.precinct(i))
                    .unwrap()
                    .to_string()
            })
            .collect();
        regions.sort();
        regions.dedup();
        let keys: Vec<_> = regions
            .iter()
            .enumerate()
            .map(|(k, r)| {
                h.add_signer(&format!("tec-{r}"), Role::Territorial, Some(r), k as u8 + 1)
            })
            .collect();
        let cec_key = h.add_signer("cec-chair", Role::Cec, None, 99);
        let tokens: Vec<String> = regions
            .iter()
            .map(|r| h.sign_in(&format!("tec-{r}")))
            .collect();
        let chair = h.sign_in("cec-chair");
        let r0 = &regions[0];
        let summary = |unit: &str| -> sailau_protocol::Protocol {
            let (_, v) = h.json("GET", &format!("/api/units/{unit}/summary"), None, None);
            serde_json::from_value(v["protocol"].clone()).unwrap()
        };
        let put = |token: &str, path: &str, body: Vec<u8>| {
            h.request("PUT", path, Some(token), Some(body)).0
        };

        // Nothing is signed before every precinct of the unit has reported.
        let early = sailau_server::sample::sign_protocol(&keys[0], summary(r0));
        assert_eq!(
            put(&tokens[0], &format!("/api/units/{r0}/protocol"), early),
            StatusCode::CONFLICT
        );
        for i in 0..n {
            assert_eq!(
                put_protocol(&h, sample.precinct(i), sample.signed_protocol(i)).0,
                StatusCode::CREATED
            );
        }

        // The nation cannot be signed before its regions.
        let national = sailau_server::sample::sign_protocol(&cec_key, summary("national"));
        let (s, b) = h.request(
            "PUT",
            "/api/national/protocol",
            Some(&chair),
            Some(national.clone()),
        );
        assert_eq!(s, StatusCode::CONFLICT, "{}", String::from_utf8_lossy(&b));

        // A summary that is not the sum: refused and flagged, naming the contest.
        let mut wrong = summary(r0);
        wrong.contests[0].options[0].paper += 1;
        wrong.contests[0].options[1].paper -= 1;
        let path0 = format!("/api/units/{r0}/protocol");
        assert_eq!(
            put(
                &tokens[0],
                &path0,
                sailau_server::sample::sign_protocol(&keys[0], wrong)
            ),
            StatusCode::CONFLICT
        );
        let (_, f) = h.json("GET", "/api/flags", None, None);
        assert_eq!(f["flags"][0]["kind"], "summary-mismatch", "{}", store.name);
        assert!(f["flags"][0]["message"]
            .as_str()
            .unwrap()
            .contains("contest mazhilis-list"));
        // The sum, but signed as counted with another definition: refused and flagged.
        let mut relabelled = summary(r0);
        relabelled.definition = "cd".repeat(32);
        assert_eq!(
            put(
                &tokens[0],
                &path0,
                sailau_server::sample::sign_protocol(&keys[0], relabelled)
            ),
            StatusCode::CONFLICT
        );
        let (_, f) = h.json("GET", "/api/flags", None, None);
        assert!(
            f["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["message"].as_str().unwrap().contains("definition: cdcd")),
            "{f}"
        );
        // Another unit's, or under another key: refused.
        if regions.len() > 1 {
            let other = format!("/api/units/{}/protocol", regions[1]);
            assert_eq!(
                put(
                    &tokens[0],
                    &other,
                    sailau_server::sample::sign_protocol(&keys[0], summary(&regions[1]))
                ),
                StatusCode::FORBIDDEN
            );
        }
        assert_eq!(
            put(
                &tokens[0],
                &path0,
                sailau_server::sample::sign_protocol(&cec_key, summary(r0))
            ),
            StatusCode::FORBIDDEN
        );

        // Each region signs its sum; then the CEC signs the nation's, and the results are final.
        for (k, r) in regions.iter().enumerate() {
            let body = sailau_server::sample::sign_protocol(&keys[k], summary(r));
            assert_eq!(
                put(
                    &tokens[k],
                    &format!("/api/units/{r}/protocol"),
                    body.clone()
                ),
                StatusCode::CREATED
            );
            assert_eq!(
                put(&tokens[k], &format!("/api/units/{r}/protocol"), body),
                StatusCode::OK
            );
        }
        let (_, before) = h.json("GET", "/api/results", None, None);
        assert_eq!(before["final"], false);
        let (s, b) = h.request(
            "PUT",
            "/api/national/protocol",
            Some(&chair),
            Some(national),
        );
        assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&b));
        let (_, after) = h.json("GET", "/api/results", None, None);
        assert_eq!(after["final"], true);
        assert_eq!(after["signed"]["by"], "cec-chair");
        let (_, u) = h.json("GET", &format!("/api/units/{r0}/summary"), None, None);
        assert_eq!(u["signed"]["by"], format!("tec-{r0}"));
    }
}

#[test]
fn guardians_attest_the_key_and_commissions_see_what_the_service_holds_of_theirs() {
    for store in stores() {
        let n = 6;
        let (h, sample, _) = defined(&store, n);
        h.add_user("guardian-1", Role::Guardian, None);
        let g = h.sign_in("guardian-1");
        let sha = sailau_server::election::sha256_hex(sample.election.as_bytes());
        let agree = serde_json::json!({ "election_sha256": sha }).to_string();
        let (s, _) = h.json("POST", "/api/guardians/attestation", Some(&g), Some(&agree));
        assert_eq!(s, StatusCode::CREATED, "{}", store.name);
        let other = serde_json::json!({ "election_sha256": "00".repeat(32) }).to_string();
        let (s, _) = h.json("POST", "/api/guardians/attestation", Some(&g), Some(&other));
        assert_eq!(s, StatusCode::CONFLICT);
        let (_, f) = h.json("GET", "/api/flags", None, None);
        assert_eq!(f["flags"][0]["kind"], "guardian-disputes-key");

        // The precinct commission compares the service's digest with what it sent.
        let p0 = sample.precinct(0).to_string();
        let sent = sample.signed_protocol(0);
        assert_eq!(put_protocol(&h, &p0, sent.clone()).0, StatusCode::CREATED);
        h.add_user("pec-0", Role::Precinct, Some(&p0));
        let pec = h.sign_in("pec-0");
        let (s, v) = h.json(
            "GET",
            &format!("/api/precincts/{p0}/receipts"),
            Some(&pec),
            None,
        );
        assert_eq!(s, StatusCode::OK);
        use sha2::Digest;
        let mine = sailau_group::to_hex(&sha2::Sha256::digest(&sent));
        assert_eq!(v["protocol"]["sha256"], mine.as_str());
        assert!(v["record"].is_null());
        // Not another precinct's; nor a territorial commission's of another region.
        let far = (0..n)
            .find(|&i| sample.def.region_of(sample.precinct(i)) != sample.def.region_of(&p0))
            .unwrap();
        let p_far = sample.precinct(far).to_string();
        let (s, _) = h.json(
            "GET",
            &format!("/api/precincts/{p_far}/receipts"),
            Some(&pec),
            None,
        );
        assert_eq!(s, StatusCode::FORBIDDEN);
        let region = sample.def.region_of(&p0).unwrap().to_string();
        h.add_user("tec", Role::Territorial, Some(&region));
        let tec = h.sign_in("tec");
        assert_eq!(
            h.json(
                "GET",
                &format!("/api/precincts/{p0}/receipts"),
                Some(&tec),
                None
            )
            .0,
            StatusCode::OK
        );
        assert_eq!(
            h.json(
                "GET",
                &format!("/api/precincts/{p_far}/receipts"),
                Some(&tec),
                None
            )
            .0,
            StatusCode::FORBIDDEN
        );
    }
}

#[test]
fn a_voter_finds_their_ballot_by_the_code_on_their_receipt() {
    for store in stores() {
        let (h, _, _) = defined(&store, 3);
        // Three board entries whose codes share their first 79 bits in pairs, so that only
        // the whole displayed code (80 bits) tells them apart.
        let mut codes = Vec::new();
        for last in [0x00u8, 0x40, 0x80] {
            let mut code = [0x5au8; 32];
            code[9] = last;
            code[31] = last.wrapping_add(1);
            codes.push(code);
        }
        h.service
            .db
            .transaction(|tx| {
                for (seq, code) in codes.iter().enumerate() {
                    let line = format!("{{\"code\":\"{}\"}}", sailau_group::to_hex(code));
                    tx.execute(
                        "INSERT INTO board (seq, precinct, code, line, chain) VALUES ($1, $2, $3, $4, $5)",
                        &[
                            (seq as i64 + 1).into(),
                            "p-00001".into(),
                            sailau_group::to_hex(code).into(),
                            line.into_bytes().into(),
                            "00".into(),
                        ],
                    )?;
                }
                Ok::<_, sailau_server::db::DbError>(())
            })
            .unwrap();
        for (k, code) in codes.iter().enumerate() {
            let shown = sailau_crypto::display_code(code);
            for typed in [shown.clone(), shown.to_lowercase(), shown.replace('-', "")] {
                let (s, v) = h.json("GET", &format!("/api/board/codes/{typed}"), None, None);
                assert_eq!(s, StatusCode::OK, "{}: {typed}: {v}", h.store);
                let found = v["entries"].as_array().unwrap();
                assert_eq!(found.len(), 1, "{}: {typed}: {v}", h.store);
                assert_eq!(found[0]["seq"], k as i64 + 1, "{}: {typed}", h.store);
            }
            let whole = sailau_group::to_hex(code);
            let (_, v) = h.json("GET", &format!("/api/board/codes/{whole}"), None, None);
            assert_eq!(v["entries"][0]["code"], whole.as_str(), "{}", h.store);
        }
        // A code one character off, and text that is no code, find nothing.
        let mut other = [0x5au8; 32];
        other[9] = 0x20;
        for absent in [sailau_crypto::display_code(&other), "not-a-code".into()] {
            let (s, _) = h.json("GET", &format!("/api/board/codes/{absent}"), None, None);
            assert_eq!(s, StatusCode::NOT_FOUND, "{}: {absent}", h.store);
        }
    }
}

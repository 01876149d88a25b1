//! Two services on one PostgreSQL (docs/server.md, "Several services, one store"): what one
//! accepts, the other counts, serves and checks against; registry acts from both make one
//! ledger.

use crate::common::*;
use axum::http::StatusCode;
use sailau_server::auth::Role;
use sailau_server::sample::SampleElection;
use serde_json::json;

#[test]
fn two_services_on_one_store_count_decide_and_record_as_one() {
    let store = postgres();
    let a = Harness::start(&store);
    let b = Harness::start(&store);
    a.add_user("cec-admin", Role::Cec, None);
    // B started before the election existed: it learns of it from the store.
    let sample = SampleElection::new(6, 11);
    let token = a.sign_in("cec-admin");
    let (s, v) = a.json("PUT", "/api/election", Some(&token), Some(&sample.upload()));
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = b.json("GET", "/api/election", None, None);
    assert_eq!(s, StatusCode::OK, "{v}");
    // The same documents through B change nothing: a repeat, not a second election.
    let token_b = b.sign_in("cec-admin");
    let (s, v) = b.json(
        "PUT",
        "/api/election",
        Some(&token_b),
        Some(&sample.upload()),
    );
    assert_eq!((s, &v["new"]), (StatusCode::OK, &json!(false)), "{v}");

    // Protocols split between them; each counts all.
    let put = |h: &Harness, i: usize, body: Vec<u8>| {
        let path = format!("/api/precincts/{}/protocol", sample.precinct(i));
        h.request("PUT", &path, None, Some(body)).0
    };
    for i in 0..6 {
        let h = if i % 2 == 0 { &a } else { &b };
        assert_eq!(put(h, i, sample.signed_protocol(i)), StatusCode::CREATED);
    }
    // A precinct's protocol accepted by A is a repeat at B, and a different one a conflict.
    assert_eq!(put(&b, 0, sample.signed_protocol(0)), StatusCode::OK);
    let mut other = sample.protocol(0);
    other.contests[0].options[0].paper += 1;
    other.contests[0].paper.found_station += 1;
    other.contests[0].paper.issued_station += 1;
    other.contests[0].paper.received += 1;
    assert_eq!(put(&b, 0, sample.sign(0, other)), StatusCode::CONFLICT);
    let (_, ra) = a.json("GET", "/api/results", None, None);
    let (_, rb) = b.json("GET", "/api/results", None, None);
    assert_eq!(ra["precincts"]["reported"], 6, "{}", ra["precincts"]);
    assert_eq!(rb["precincts"]["reported"], 6, "{}", rb["precincts"]);
    assert_eq!(ra["national"], rb["national"], "the same national sums");
    assert_eq!(ra["complete"], true);
    // The conflict B flagged is A's to publish too.
    let (_, flags) = a.json("GET", "/api/flags", None, None);
    assert_eq!(flags["flags"][0]["kind"], "second-protocol", "{flags}");

    // The registry: acts made through either service extend one ledger.
    let call = json!({"act": "call", "election": "mazhilis-2023", "called": "2023-01-19",
                      "day": "2023-03-19", "offset": "+06:00"});
    let contest = json!({"act": "contest", "id": "list", "name": "Mazhilis: lists",
                         "body": "mazhilis", "kind": "party-list", "level": "national",
                         "place": "region"});
    let party = json!({"act": "party", "party": "amanat",
                       "name": {"kk": "amanat", "ru": "amanat", "en": "amanat"}});
    let at = sailau_law::election_day::Moment::local(
        "2023-01-20".parse().unwrap(),
        10,
        0,
        sailau_law::election_day::UtcOffset::UTC_PLUS_6,
    )
    .0;
    a.clock.set(at);
    b.clock.set(at);
    for (h, token, act, seq) in [
        (&a, &token, call, 1),
        (&b, &token_b, contest, 2),
        (&a, &token, party, 3),
    ] {
        let (s, v) = h.json(
            "POST",
            "/api/registry/acts",
            Some(token),
            Some(&act.to_string()),
        );
        assert_eq!(s, StatusCode::CREATED, "{v}");
        assert_eq!(v["seq"], seq, "{v}");
    }
    let (_, fa) = a.json("GET", "/api/registry", None, None);
    let (_, fb) = b.json("GET", "/api/registry", None, None);
    assert_eq!(fa["entries"], 3);
    assert_eq!(fa["head"], fb["head"], "one ledger");
    // The same id again through the other service is refused: it sees the whole ledger.
    let party = json!({"act": "party", "party": "amanat",
                       "name": {"kk": "amanat", "ru": "amanat", "en": "amanat"}});
    let (s, v) = b.json(
        "POST",
        "/api/registry/acts",
        Some(&token_b),
        Some(&party.to_string()),
    );
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let (_, log) = a.json("GET", "/api/audit?limit=100", Some(&token), None);
    let entries = log["entries"].as_array().unwrap();
    let acts = entries
        .iter()
        .filter(|e| e["action"].as_str().unwrap_or("").starts_with("registry-"))
        .count();
    assert_eq!(acts, 3, "each act in the audit log once: {log}");
}

/// A service that cannot read the store never claims there is no election: it answers the
/// failure, and the next request, once the store reads again, catches up as if none had failed.
#[test]
fn a_service_that_cannot_catch_up_says_so_and_catches_up_later() {
    let store = postgres();
    let a = Harness::start(&store);
    let b = Harness::start(&store);
    a.add_user("cec-admin", Role::Cec, None);
    let sample = SampleElection::new(2, 5);
    let token = a.sign_in("cec-admin");
    let (s, v) = a.json("PUT", "/api/election", Some(&token), Some(&sample.upload()));
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let path = format!("/api/precincts/{}/protocol", sample.precinct(0));
    // The counts B catches up by are gone for a while: the protocol is not decided.
    store.execute("ALTER TABLE row_counts RENAME TO row_counts_away");
    let (s, body) = b.request("PUT", &path, None, Some(sample.signed_protocol(0)));
    let text = String::from_utf8_lossy(&body).to_string();
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{text}");
    assert!(!text.contains("no election"), "{text}");
    store.execute("ALTER TABLE row_counts_away RENAME TO row_counts");
    let (s, body) = b.request("PUT", &path, None, Some(sample.signed_protocol(0)));
    assert_eq!(s, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let (_, ra) = a.json("GET", "/api/results", None, None);
    assert_eq!(ra["precincts"]["reported"], 1, "A counts what B took");
}

//! The registries on the service, on both stores: acts in from the CEC, a commission and a
//! party, each checked against the whole ledger; the public register out; the ledger kept
//! across a restart and beyond the service's reach to edit.

use crate::common::*;
use axum::http::StatusCode;
use sailau_law::election_day::{Moment, UtcOffset};
use sailau_server::auth::Role;
use sailau_server::Service;
use serde_json::json;

fn at(date: &str, hour: u8) -> i64 {
    Moment::local(date.parse().unwrap(), hour, 0, UtcOffset::UTC_PLUS_6).0
}

fn person(id: &str, woman: bool) -> serde_json::Value {
    json!({"id": id, "person": format!("p-{id}"), "name": format!("Candidate {id}"),
           "birth": "1980-01-01", "woman": woman, "disability": false,
           "resident_since": "1980-01-01"})
}

#[test]
fn acts_are_checked_stored_published_and_kept() {
    for store in stores() {
        let h = Harness::start(&store);
        h.add_user("cec-admin", Role::Cec, None);
        h.add_user("amanat", Role::Party, Some("amanat"));
        h.add_user("observer", Role::Observer, None);
        let cec = h.sign_in("cec-admin");
        let party = h.sign_in("amanat");
        let observer = h.sign_in("observer");
        let act = |token: &str, when: i64, act: serde_json::Value| {
            h.clock.set(when);
            h.json(
                "POST",
                "/api/registry/acts",
                Some(token),
                Some(&act.to_string()),
            )
        };
        let (s, v) = act(
            &cec,
            at("2023-01-19", 12),
            json!({"act": "call", "election": "mazhilis-2023",
            "called": "2023-01-19", "day": "2023-03-19", "offset": "+06:00"}),
        );
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", store.name);
        assert_eq!(v["seq"], 1);
        let t = at("2023-01-20", 10);
        let (s, _) = act(
            &cec,
            t,
            json!({"act": "contest", "id": "list", "name": "Mazhilis: lists",
            "body": "mazhilis", "kind": "party-list", "level": "national", "place": "region"}),
        );
        assert_eq!(s, StatusCode::CREATED);
        for p in ["amanat", "auyl"] {
            let (s, _) = act(
                &cec,
                t,
                json!({"act": "party", "party": p,
                "name": {"kk": p, "ru": p, "en": p}}),
            );
            assert_eq!(s, StatusCode::CREATED);
        }
        // S91: an id taken is a conflict; S92: an act about a candidate never nominated is
        // refused by the registry's rules. Neither is stored.
        let (s, v) = act(
            &cec,
            t,
            json!({"act": "party", "party": "amanat",
            "name": {"kk": "amanat", "ru": "amanat", "en": "amanat"}}),
        );
        assert_eq!(s, StatusCode::CONFLICT, "{}: {v}", store.name);
        let (s, v) = act(&cec, t, json!({"act": "documents", "candidate": "nobody"}));
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{}: {v}", store.name);
        assert!(v["message"].as_str().unwrap().contains("nobody"), "{v}");
        let (_, figures) = h.json("GET", "/api/registry", None, None);
        assert_eq!(figures["entries"], 4, "{figures}");
        let list = |party: &str| {
            json!({"act": "list", "party": party, "contest": "list",
            "candidates": [person(&format!("{party}-1"), true), person(&format!("{party}-2"), false)]})
        };
        // A party nominates its own list only; an observer makes no act at all.
        let (s, v) = act(&party, at("2023-02-01", 10), list("auyl"));
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        let (s, _) = act(&observer, at("2023-02-01", 10), list("amanat"));
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, v) = act(&party, at("2023-02-01", 10), list("amanat"));
        assert_eq!(s, StatusCode::CREATED, "{v}");
        // After the nomination term: 422, the term and its end named, nothing stored.
        let (s, v) = act(
            &party,
            at("2023-02-09", 10),
            json!({"act": "nominate", "contest": "list",
            "candidate": person("late", false), "party": "amanat"}),
        );
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            v["message"]
                .as_str()
                .unwrap_or_default()
                .contains("nomination term ended"),
            "{v}"
        );
        // Not an act at all: 400.
        let (s, _) = act(&cec, at("2023-02-09", 11), json!({"act": "bribe"}));
        assert_eq!(s, StatusCode::BAD_REQUEST);

        let (s, v) = h.json("GET", "/api/registry", None, None);
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["entries"], 5);
        assert_eq!(v["candidates"]["lists"]["nominated"], 2);
        let head = v["head"].as_str().unwrap().to_string();
        let (_, v) = h.json("GET", "/api/registry/calendar", None, None);
        assert_eq!(v["calendar"], "calendar-2022");

        // Anyone replays the published ledger to the same head.
        let (s, bytes) = h.request("GET", "/api/registry/ledger", None, None);
        assert_eq!(s, StatusCode::OK);
        let entries = String::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect::<Vec<sailau_registry::chain::Entry>>();
        let r = sailau_registry::Registry::replay(entries).unwrap();
        assert_eq!(r.head(), head);

        // The store refuses to change a stored entry, whatever the code does.
        let edit = h
            .service
            .db
            .transaction(|tx| tx.execute("UPDATE registry SET body = body WHERE seq = 1", &[]));
        assert!(
            edit.is_err(),
            "{}: the registry table is append-only",
            store.name
        );

        // A restart replays the stored ledger: the same head, and acts go on from it.
        drop(h);
        let service = Service::open(&store.url, 2, sailau_server::clock::Clock::fixed(0)).unwrap();
        let again = service.registry.lock().unwrap();
        assert_eq!(again.head(), head, "{}", store.name);
        assert_eq!(again.entries().len(), 5);
    }
}

/// JSON lines of a ledger's entries, as `GET /api/registry/ledger` and the demo write them.
fn lines(entries: &[sailau_registry::chain::Entry]) -> String {
    entries
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect()
}

#[test]
fn a_ledger_kept_elsewhere_is_taken_whole_by_the_cec_or_not_at_all() {
    for store in stores() {
        let h = Harness::start(&store);
        h.add_user("cec-admin", Role::Cec, None);
        h.add_user("amanat", Role::Party, Some("amanat"));
        let cec = h.sign_in("cec-admin");
        let party = h.sign_in("amanat");
        let ledger = sailau_registry::sample::mazhilis_2023();
        let all = ledger.entries();
        let send = |token: &str, text: &str| {
            h.json("POST", "/api/registry/ledger", Some(token), Some(text))
        };

        // A party may not; the first half, then the whole (the half again, then the rest).
        let (s, _) = send(&party, &lines(all));
        assert_eq!(s, StatusCode::FORBIDDEN, "{}", store.name);
        let half = all.len() / 2;
        let (s, v) = send(&cec, &lines(&all[..half]));
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", store.name);
        assert_eq!(v["added"], half);
        let (s, v) = send(&cec, &lines(all));
        assert_eq!(s, StatusCode::CREATED, "{}: {v}", store.name);
        assert_eq!(v["added"], all.len() - half);
        assert_eq!(v["head"], ledger.head());

        // A ledger with one act changed is refused whole; the service keeps what it held.
        let mut edited: Vec<_> = all.to_vec();
        let last = edited.len() - 1;
        edited[last].actor.name = "someone else".into();
        let (s, v) = send(&cec, &lines(&edited));
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{}: {v}", store.name);
        let (s, bad) = send(&cec, "not a ledger\n");
        assert_eq!(s, StatusCode::BAD_REQUEST, "{}: {bad}", store.name);
        let (_, figures) = h.json("GET", "/api/registry", None, None);
        assert_eq!(figures["entries"], all.len(), "{}", store.name);
        assert_eq!(figures["head"], ledger.head());

        // The import is in the audit log, by the account that sent it.
        let (_, audit) = h.json("GET", "/api/audit", Some(&cec), None);
        assert!(
            audit.to_string().contains("registry-import"),
            "{}: {audit}",
            store.name
        );
    }
}

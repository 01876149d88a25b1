//! The authorization matrix: every route, called with no credentials and as every role, on
//! both stores; and the route table, the router and the OpenAPI document agree.

use crate::common::*;
use axum::http::StatusCode;
use sailau_server::api::{routes, Access};
use sailau_server::auth::Role;
use sailau_server::sample::SampleElection;
use std::collections::BTreeSet;

/// A body each route accepts from a caller allowed to call it.
fn body_for(method: &str, path: &str, sample: &SampleElection, n: usize) -> Option<Vec<u8>> {
    let json = |v: serde_json::Value| Some(v.to_string().into_bytes());
    match (method, path) {
        ("POST", "/api/session") => json(serde_json::json!({
            "name": "observer", "password": ADMIN_PASSWORD
        })),
        ("POST", "/api/users") => json(serde_json::json!({
            "name": format!("new-user-{n}"), "password": "a long enough password", "role": "observer"
        })),
        ("PUT", "/api/election") => Some(sample.upload().into_bytes()),
        ("PUT", "/api/precincts/{precinct}/protocol") => Some(sample.signed_protocol(0)),
        ("POST", "/api/guardians/attestation") => json(serde_json::json!({
            "election_sha256": sailau_server::election::sha256_hex(sample.election.as_bytes())
        })),
        _ => None,
    }
}

#[test]
fn every_route_with_every_role_and_without_credentials() {
    for store in stores() {
        let h = Harness::start(&store);
        let sample = SampleElection::new(4, 3);
        let region = sample
            .def
            .region_of(sample.precinct(0))
            .unwrap()
            .to_string();
        let accounts: Vec<(Role, &str, Option<String>)> = vec![
            (Role::Cec, "cec-admin", None),
            (Role::Territorial, "tec", Some(region.clone())),
            (Role::Precinct, "pec", Some(sample.precinct(0).to_string())),
            (Role::Guardian, "guardian", None),
            (Role::Observer, "observer", None),
            (Role::Party, "party", Some("amanat".to_string())),
        ];
        for (role, name, unit) in &accounts {
            h.add_user(name, *role, unit.as_deref());
        }
        let admin = h.sign_in("cec-admin");
        let (s, _) = h.json("PUT", "/api/election", Some(&admin), Some(&sample.upload()));
        assert_eq!(s, StatusCode::CREATED);

        // One session per account (sign-ins are rate-limited per account, as they should be).
        let tokens: std::collections::HashMap<&str, String> = accounts
            .iter()
            .map(|(_, name, _)| (*name, h.sign_in(name)))
            .collect();
        let mut n = 0;
        for route in routes() {
            let path = route
                .path
                .replace("{precinct}", sample.precinct(0))
                .replace("{unit}", &region)
                .replace("{document}", "definition.json");
            let callers: Vec<Option<(Role, &str)>> = std::iter::once(None)
                .chain(accounts.iter().map(|(r, name, _)| Some((*r, *name))))
                .collect();
            for caller in callers {
                n += 1;
                // DELETE /api/session ends the session it is given: that one gets its own.
                let token = caller.map(|(_, name)| {
                    if route.method == "DELETE" {
                        h.sign_in(name)
                    } else {
                        tokens[name].clone()
                    }
                });
                let body = body_for(route.method, route.path, &sample, n);
                let (status, bytes) = h.request(route.method, &path, token.as_deref(), body);
                let who = caller.map_or("no credentials", |(r, _)| r.name());
                let what = format!(
                    "{}: {} {} as {who}: {status} {}",
                    store.name,
                    route.method,
                    route.path,
                    String::from_utf8_lossy(&bytes)
                );
                assert!(status.as_u16() < 500, "{what}");
                assert!(
                    !(status == StatusCode::NOT_FOUND && bytes.is_empty())
                        && status != StatusCode::METHOD_NOT_ALLOWED,
                    "the router does not serve it: {what}"
                );
                let refused = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
                match (route.access, caller) {
                    (Access::Public | Access::Station, _) => assert!(!refused, "{what}"),
                    (Access::Roles(_), None) => {
                        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}")
                    }
                    (Access::Roles(roles), Some((role, _))) => {
                        if roles.contains(&role) {
                            assert!(!refused, "{what}");
                        } else {
                            assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
                        }
                    }
                }
            }
        }

        // A station route takes its right from the signature, not from the caller: a forged
        // protocol is refused even from the CEC's administrator.
        let forged = sample.sign(1, sample.protocol(2));
        let p2 = sample.precinct(2);
        for token in [None, Some(admin.as_str())] {
            let (s, _) = h.request(
                "PUT",
                &format!("/api/precincts/{p2}/protocol"),
                token,
                Some(forged.clone()),
            );
            assert_eq!(s, StatusCode::FORBIDDEN, "{}", store.name);
        }

        // A malformed or unknown token is refused, never treated as no token.
        for bad in [
            "Bearer nonsense",
            "Basic Y2VjOmNlYw==",
            &format!("Bearer {}", "0".repeat(64)),
        ] {
            let req = axum::http::Request::builder()
                .method("GET")
                .uri("/api/audit")
                .header("authorization", bad)
                .body(axum::body::Body::empty())
                .unwrap();
            let app = sailau_server::api::router(h.service.clone());
            let status = h.rt.block_on(async {
                use tower::ServiceExt;
                app.oneshot(req).await.unwrap().status()
            });
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad}");
        }

        // A session ends at sign-out and at expiry.
        let t = h.sign_in("observer");
        assert_eq!(
            h.json("GET", "/api/session", Some(&t), None).0,
            StatusCode::OK
        );
        h.clock
            .set(ELECTION_NOON + sailau_server::auth::SESSION_SECONDS + 1);
        assert_eq!(
            h.json("GET", "/api/session", Some(&t), None).0,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[test]
fn the_openapi_document_describes_exactly_the_routes_served() {
    let doc: serde_json::Value = serde_json::from_str(sailau_server::api::OPENAPI).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(documented, routed);
    // Routes that need a session say so; public ones do not ask for one.
    for r in routes() {
        let op = &doc["paths"][r.path][r.method.to_lowercase()];
        let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
        assert_eq!(
            secured,
            matches!(r.access, Access::Roles(_)),
            "{} {}",
            r.method,
            r.path
        );
    }
}

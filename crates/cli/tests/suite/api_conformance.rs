//! The service against its own OpenAPI document, by an outside tool: schemathesis generates
//! requests from the document served at `/api/openapi.json` (valid ones and invalid ones,
//! single and chained by the document's links) and checks every answer against it. It runs
//! against `sailau serve` loaded with a published demo election, once with no credentials and
//! once with each role's, with every check on. The document declares every status a route can
//! give; a request it declares valid is never refused but for what a schema cannot say (a
//! signature, a business rule), which `tests/schemathesis.toml` lists operation by operation.
//!
//! schemathesis comes from PyPI into a virtual environment that `scripts/test` makes, and names
//! by SAILAU_SCHEMATHESIS. SAILAU_API_EXAMPLES bounds the examples per operation (8 unless
//! set); SAILAU_API_FULL=1 runs every phase as every role (docs/performance.md, the long run).

use super::server::{publish, serve, small_demo, store_with_cec, PASSWORD};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The schemathesis program: SAILAU_SCHEMATHESIS, or `schemathesis` on the PATH.
fn schemathesis() -> PathBuf {
    if let Ok(p) = std::env::var("SAILAU_SCHEMATHESIS") {
        return PathBuf::from(p);
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("schemathesis"))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "schemathesis is not installed: run ./scripts/test, which installs it into a virtual \
             environment, or set SAILAU_SCHEMATHESIS to its program"
        )
    })
}

/// One HTTP request with a JSON body; the status and the body of the answer.
fn call(url: &str, method: &str, path: &str, bearer: Option<&str>, body: &str) -> (u16, String) {
    let (status, answer) = super::failover::request(url, method, path, bearer, body.as_bytes())
        .unwrap_or_else(|| panic!("{method} {path}: no answer"));
    (status, String::from_utf8_lossy(&answer).into_owned())
}

fn sign_in(url: &str, name: &str) -> String {
    let (status, body) = call(
        url,
        "POST",
        "/api/session",
        None,
        &serde_json::json!({"name": name, "password": PASSWORD}).to_string(),
    );
    assert_eq!(status, 201, "{name}: {body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["token"].as_str().unwrap().to_string()
}

#[test]
fn the_service_keeps_to_its_openapi_document_with_every_role_and_none() {
    let program = schemathesis();
    let examples: u32 = std::env::var("SAILAU_API_EXAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let full = std::env::var_os("SAILAU_API_FULL").is_some();
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("api-conformance-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    // The reports, and schemathesis's cache (it keeps one where it runs).
    std::fs::create_dir_all(&root).unwrap();
    let demo = small_demo("api-conformance-demo", "5");
    let (_, db) = store_with_cec("api-conformance-data");
    let server = serve(&db);
    publish(&demo, &server.url);

    // An account of every role, for places the published election has.
    let cec = sign_in(&server.url, "cec-admin");
    let (_, precincts) = call(&server.url, "GET", "/api/precincts", None, "");
    let precincts: serde_json::Value = serde_json::from_str(&precincts).unwrap();
    let precinct = precincts["precincts"][0]["precinct"]
        .as_str()
        .unwrap()
        .to_string();
    let unit = precincts["precincts"][0]["unit"]
        .as_str()
        .unwrap_or_else(|| panic!("a precinct's unit: {precincts}"))
        .to_string();
    let (_, registry) = call(&server.url, "GET", "/api/registry/seats", None, "");
    let registry: serde_json::Value = serde_json::from_str(&registry).unwrap();
    let party = registry["deputies"][0]["party"]
        .as_str()
        .unwrap_or_else(|| panic!("a party: {registry}"))
        .to_string();
    let mut tokens = vec![
        ("none".to_string(), None),
        ("cec".to_string(), Some(cec.clone())),
    ];
    for (role, place) in [
        ("territorial", Some(unit)),
        ("precinct", Some(precinct)),
        ("guardian", None),
        ("observer", None),
        ("party", Some(party)),
    ] {
        let name = format!("{role}-account");
        let mut user = serde_json::json!({"name": name, "password": PASSWORD, "role": role});
        if let Some(place) = place {
            user["unit"] = place.into();
        }
        let (status, body) = call(
            &server.url,
            "POST",
            "/api/users",
            Some(&cec),
            &user.to_string(),
        );
        assert_eq!(status, 201, "{role}: {body}");
        tokens.push((role.to_string(), Some(sign_in(&server.url, &name))));
    }

    // With credentials, the routes that ask for them: a public route answers a role as it
    // answers anyone, and the run without credentials tries every route.
    let (_, doc) = call(&server.url, "GET", "/api/openapi.json", None, "");
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let secured: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, ops)| {
            ops.as_object()
                .unwrap()
                .values()
                .any(|op| op["security"].as_array().is_some_and(|s| !s.is_empty()))
        })
        .map(|(path, _)| path.clone())
        .collect();
    assert!(secured.len() >= 10, "{secured:?}");

    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let config = tests.join("schemathesis.toml");
    let mut failed = Vec::new();
    for (role, token) in &tokens {
        let reports = root.join(format!("report-{role}"));
        let mut cmd = Command::new(&program);
        // Run in the test's own folder: schemathesis keeps a cache where it runs.
        cmd.current_dir(&root)
            .arg("--config-file")
            .arg(&config)
            .arg("--no-color")
            .arg("run")
            .arg(format!("{}/api/openapi.json", server.url))
            // One worker: Python 3.11's parser is not safe across threads (schemathesis then
            // fails with "AST constructor recursion depth mismatch").
            .args(["--checks", "all", "--seed", "18", "--workers", "1"])
            .args(["--max-examples", &examples.to_string()])
            .arg("--report-dir")
            .arg(&reports)
            // The registry's ledger travels as JSON lines, which schemathesis does not write.
            .env("SCHEMATHESIS_HOOKS", tests.join("schemathesis_hooks.py"));
        if let Some(token) = token {
            // Signing out would end the session the rest of the run is made with; it is
            // tried without credentials, and tested in the service's own suite.
            cmd.args(["--header", &format!("Authorization: Bearer {token}")])
                .args(["--exclude-method", "DELETE"]);
            // And the list of precincts, where the links to their routes start.
            for path in secured.iter().chain([&"/api/precincts".to_string()]) {
                cmd.args(["--include-path", path]);
            }
            // The coverage phase (every keyword of every schema, as valid and invalid values)
            // takes most of a run: CI makes it without credentials and as the CEC, who may
            // send every body; the long run as every role.
            if !full && role != "cec" {
                cmd.args(["--phases", "fuzzing,stateful"]);
            }
        }
        let started = std::time::Instant::now();
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        // What was sent, for the log: "as ROLE: N generated, N passed, … in T s".
        let cases = text
            .lines()
            .skip_while(|l| !l.starts_with("Test cases:"))
            .nth(1)
            .unwrap_or("")
            .trim();
        eprintln!(
            "as {role}: {cases}, in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        // A run that sent next to nothing proves nothing (a schema it could not load, a
        // filter that left no route).
        let generated: u64 = cases
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if generated < 100 {
            failed.push(format!("as {role}: only {generated} requests: {cases:?}"));
        }
        if !out.status.success() {
            failed.push(format!(
                "as {role}: {}\n{text}{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

//! The pages in a real browser: this test serves an election in process and runs the
//! Playwright scripts of `front/tests/` against it in Debian's headless Chromium
//! (`playwright-core`, never a downloaded browser), with axe-core checking every page.
//!
//! The scripts drive the pages as people would; they reach the election itself only through
//! a small control service this test adds on another port (to move the clock, to send the
//! next hour's turnout), which no binary of Sailau serves.
//!
//! Needs `npm ci` in `crates/web/front` (./scripts/test does it) and Chromium at
//! /usr/bin/chromium (or `SAILAU_CHROMIUM`).

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use sailau_server::auth::{self, Role};
use sailau_server::clock::Clock;
use sailau_server::sample::SampleElection;
use sailau_server::Service;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

/// 2023-03-19 12:30 at UTC+5 (07:30 UTC): the 12:00 turnout has come at every station.
const HALF_PAST_NOON: i64 = 1_679_211_000;
const PRECINCTS: usize = 4;

fn front() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("front")
}

fn chromium() -> String {
    std::env::var("SAILAU_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// What the control service can change: the election's clock and the turnout sent.
struct Election {
    service: Arc<Service>,
    sample: SampleElection,
    clock: Clock,
    /// The turnout hours sent so far.
    hours: Mutex<Vec<u8>>,
}

/// One request to the service, in process, as any client would send it.
async fn call(
    service: &Arc<Service>,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> (u16, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut b = axum::http::Request::builder().method(method).uri(path);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    let r = sailau_web::app(service.clone())
        .oneshot(b.body(axum::body::Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = r.status().as_u16();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

impl Election {
    /// Every precinct's signed turnout for `hour`: a growing share of its list each hour.
    async fn send_turnout(&self, hour: u8) {
        // The station abroad keeps Moscow's clock: its hours come later, and the country's
        // figure does not wait for it.
        for i in (0..PRECINCTS).filter(|&i| !self.sample.def.precincts[i].abroad) {
            let registered = 1_000 + 100 * i as u64;
            let voted = registered * u64::from(hour - 8) / 16;
            let body = self.sample.signed_turnout(i, hour, registered, voted);
            let path = format!("/api/precincts/{}/turnout", self.sample.precinct(i));
            let (status, answer) = call(&self.service, "PUT", &path, None, body).await;
            assert_eq!(status, 201, "turnout at {hour}:00: {answer}");
        }
        self.hours.lock().unwrap().push(hour);
    }
}

/// `POST /turnout/next`: two hours pass and every station sends that hour's turnout.
async fn next_turnout(State(e): State<Arc<Election>>) -> String {
    let hour = e.hours.lock().unwrap().last().copied().unwrap_or(8) + 2;
    e.clock.set(e.clock.now() + 2 * 3600);
    e.send_turnout(hour).await;
    format!("{hour:02}:00")
}

#[test]
fn the_pages_work_in_a_real_browser_for_everyone() {
    let front = front();
    assert!(
        front.join("node_modules/playwright-core").exists(),
        "run `npm ci` in {} first (./scripts/test does)",
        front.display()
    );
    assert!(
        Path::new(&chromium()).exists(),
        "Chromium is not at {}: install Debian's chromium package (./scripts/test does) or set SAILAU_CHROMIUM",
        chromium()
    );
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::fixed(HALF_PAST_NOON);
    let url = format!("sqlite://{}", dir.path().join("central.db").display());
    let service = Service::open(&url, 4, clock.clone()).unwrap();
    let sample = SampleElection::new(PRECINCTS, 5);
    service
        .db
        .transaction(|tx| {
            auth::create_user(
                tx,
                "cec-admin",
                "correct horse battery",
                Role::Cec,
                None,
                None,
            )
        })
        .unwrap();
    let election = Arc::new(Election {
        service: service.clone(),
        sample,
        clock,
        hours: Mutex::new(Vec::new()),
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let login = r#"{"name":"cec-admin","password":"correct horse battery"}"#;
        let (_, session) = call(&service, "POST", "/api/session", None, login.into()).await;
        let token: serde_json::Value = serde_json::from_str(&session).unwrap();
        let token = token["token"].as_str().unwrap();
        let upload = election.sample.upload().into_bytes();
        let (status, answer) = call(&service, "PUT", "/api/election", Some(token), upload).await;
        assert_eq!(status, 201, "{answer}");
        for i in 0..PRECINCTS - 1 {
            let path = format!("/api/precincts/{}/protocol", election.sample.precinct(i));
            let (status, answer) = call(
                &service,
                "PUT",
                &path,
                None,
                election.sample.signed_protocol(i),
            )
            .await;
            assert_eq!(status, 201, "{answer}");
        }
        election.send_turnout(10).await;
        election.send_turnout(12).await;
    });
    let (site, control) = rt.block_on(async {
        let site = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let control = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (a, b) = (site.local_addr().unwrap(), control.local_addr().unwrap());
        let app = sailau_web::app(service.clone());
        tokio::spawn(async move { axum::serve(site, app).await });
        let ctl = Router::new()
            .route("/turnout/next", post(next_turnout))
            .with_state(election.clone());
        tokio::spawn(async move { axum::serve(control, ctl).await });
        (a, b)
    });
    let sample = &election.sample;
    let region = sample
        .def
        .region_of(sample.precinct(0))
        .unwrap()
        .to_string();
    let mut scripts: Vec<String> = std::fs::read_dir(front.join("tests"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .map(|n| format!("tests/{n}"))
        .collect();
    scripts.sort();
    let output = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(&scripts)
        .current_dir(&front)
        .env("SAILAU_URL", format!("http://{site}"))
        .env("SAILAU_CONTROL", format!("http://{control}"))
        .env("SAILAU_CHROMIUM", chromium())
        .env("SAILAU_REGION", &region)
        .env("SAILAU_PRECINCT", sample.precinct(0))
        .output()
        .expect("node runs (install Node.js 20 or later)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{text}");
    assert!(output.status.success(), "the browser tests failed:\n{text}");
    assert!(
        text.contains("ℹ fail 0") && !text.contains("ℹ pass 0\n"),
        "{text}"
    );
}

//! The pages in a real browser: this test runs an election in process (the CEC's service with
//! its portal, and one polling station with its console and a terminal) and runs the
//! Playwright scripts of `front/tests/` against it in Debian's headless Chromium
//! (`playwright-core`, never a downloaded browser), with axe-core checking every page.
//!
//! The scripts drive the pages as people do. They reach the election itself only through a
//! small control service this test adds on another port, standing for what happens outside
//! the browser: the clock moving on, the other precincts reporting, the guardians answering
//! on their own machines, a second protocol arriving. No binary of Sailau serves it.
//!
//! Needs `npm ci` in `crates/web/front` (./scripts/test does it) and Chromium at
//! /usr/bin/chromium (or `SAILAU_CHROMIUM`).

use super::certificates::{station_of, terminal_of, PASSWORD};
use axum::extract::{Path as UrlPath, State};
use axum::routing::post;
use axum::Router;
use http_body_util::BodyExt;
use rand_core::SeedableRng;
use sailau_server::auth::{self, Role};
use sailau_server::clock::Clock;
use sailau_server::sample::SampleElection;
use sailau_server::Service;
use sailau_voters::{Iin, Sex, Voter};
use sailau_web::station::{Answer, CardRack, Central, StationApp, Upload};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::Command;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// 2023-03-19 12:30 at UTC+5 (07:30 UTC): the 12:00 turnout has come at every station.
const HALF_PAST_NOON: i64 = 1_679_211_000;
/// 20:05 at UTC+5: every home station has closed.
const EVENING: i64 = 1_679_238_300;
const PRECINCTS: usize = 4;
/// The precinct run by a real station (its console and terminal), in Astana (UTC+6).
const STATION: usize = 0;
/// The territorial commission of precinct 1's region: its account's signing key.
const TC_KEY: [u8; 32] = [7; 32];

fn front() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("front")
}

fn chromium() -> String {
    std::env::var("SAILAU_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// One request to the CEC's service, in process, as any client would send it.
async fn call(
    service: &Arc<Service>,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> (u16, String) {
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

/// The station reaches the CEC's service in process, through its real routes.
struct InProcess(Arc<Service>);

impl Central for InProcess {
    fn send(
        &self,
        precinct: &str,
        upload: Upload,
    ) -> Pin<Box<dyn Future<Output = Answer> + Send + '_>> {
        let (path, body) = upload.route(precinct);
        Box::pin(async move { Ok(call(&self.0, "PUT", &path, None, body).await) })
    }
}

/// What the control service can change.
struct World {
    service: Arc<Service>,
    station: Arc<StationApp>,
    sample: SampleElection,
    clock: Clock,
    dir: PathBuf,
    hours: Mutex<Vec<u8>>,
    tc_unit: String,
}

impl World {
    /// The other home precincts' signed turnout for `hour` (the station sends its own from its
    /// console; the one abroad keeps Moscow's clock, and the country's figure does not wait).
    async fn send_turnout(&self, hour: u8) {
        for i in (0..PRECINCTS).filter(|&i| i != STATION && !self.sample.def.precincts[i].abroad) {
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

/// `POST /turnout/next`: two hours pass and the other stations send that hour's turnout.
async fn next_turnout(State(w): State<Arc<World>>) -> String {
    let hour = w.hours.lock().unwrap().last().copied().unwrap_or(8) + 2;
    w.clock.set(w.clock.now() + 2 * 3600);
    w.send_turnout(hour).await;
    format!("{hour:02}:00")
}

/// `POST /clock/evening`: 20:05 everywhere at home; the polls have closed.
async fn evening(State(w): State<Arc<World>>) -> String {
    w.clock.set(EVENING);
    "20:05".into()
}

/// `POST /guardians/{n}`: guardian n, on their own machine, answers the station's request;
/// the path of their partial decryption. `forged`: guardian 5's answer with one share
/// swapped for another.
async fn guardian(State(w): State<Arc<World>>, UrlPath(who): UrlPath<String>) -> String {
    let request = w
        .station
        .decryption_request()
        .await
        .expect("the station is sealed");
    let (index, forged) = match who.as_str() {
        "forged" => (5, true),
        n => (n.parse::<usize>().unwrap(), false),
    };
    let e = &w.sample.crypto;
    let (precinct, tally) = sailau_crypto::closing::request_from_json(e, &request).unwrap();
    let key = &w.sample.guardians[index - 1];
    let mut p = sailau_crypto::partial_decrypt(key, e, &tally, &mut rand_core::OsRng);
    if forged {
        p.shares[0][0] = p.shares[0][1].clone();
    }
    let path = w.dir.join(format!("partial-{who}.json"));
    std::fs::write(
        &path,
        sailau_crypto::closing::partial_json(e, &precinct, &tally, &p),
    )
    .unwrap();
    path.display().to_string()
}

/// `POST /second-protocol`: another precinct sends a second, different protocol.
async fn second_protocol(State(w): State<Arc<World>>) -> String {
    let mut protocol = w.sample.protocol(1);
    protocol.contests[0].options[0].paper += 1;
    protocol.contests[0].paper.found_station += 1;
    protocol.contests[0].paper.issued_station += 1;
    protocol.contests[0].paper.unused -= 1;
    let path = format!("/api/precincts/{}/protocol", w.sample.precinct(1));
    let (status, _) = call(&w.service, "PUT", &path, None, w.sample.sign(1, protocol)).await;
    status.to_string()
}

/// `POST /summary/{right|wrong}`: the territorial commission's summary of its unit, signed
/// with its key: the sum the service recomputes, or that sum with one figure changed.
async fn summary(State(w): State<Arc<World>>, UrlPath(which): UrlPath<String>) -> String {
    let e = w.service.election().unwrap();
    let (mut p, _, _) = w
        .service
        .with_accepted(|a| a.summary(&e, &w.tc_unit))
        .unwrap()
        .unwrap();
    if which == "wrong" {
        p.contests[0].registered += 1;
    }
    let key = ed25519_dalek::SigningKey::from_bytes(&TC_KEY);
    let path = w.dir.join(format!("summary-{which}.json"));
    std::fs::write(&path, sailau_server::sample::sign_protocol(&key, p)).unwrap();
    path.display().to_string()
}

/// The station's voters: six of Astana's, with valid IINs.
fn voters(precinct: &str) -> Vec<Voter> {
    let birth = "1975-04-12".parse().unwrap();
    (0..6)
        .map(|i| Voter {
            iin: (0..)
                .find_map(|k| Iin::issue(birth, Sex::Male, i * 10 + k))
                .unwrap(),
            name: format!("Сайлаушы {}", i + 1),
            birth,
            precinct: precinct.into(),
        })
        .collect()
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
    let mut sample = SampleElection::new(PRECINCTS, 5);
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);

    // The station of precinct 0: its database, voters and one terminal.
    let precinct = sample.precinct(STATION).to_string();
    let station = station_of(&sample, STATION, &dir.path().join("station.db"), &mut rng);
    let people = voters(&precinct);
    station.load_voters(&people).unwrap();
    // Voter 3 asked in writing for the mobile box this morning (requests close at 12:00).
    let (day, offset) = station.day();
    let morning = sailau_law::election_day::Moment::local(day, 9, 0, offset);
    station.request_mobile(&people[2].iin, morning).unwrap();
    let terminal = terminal_of(&station, &dir.path().join("t1"), &mut rng);
    let device = terminal.device().to_string();
    sample.set_station_key(STATION, station.station_public_key());

    // The CEC's service: the election defined, two other precincts' protocols in.
    let url = format!("sqlite://{}", dir.path().join("central.db").display());
    let service = Service::open(&url, 4, clock.clone()).unwrap();
    // The registries of 2023, for /register.
    sailau_server::registry::import(
        &service.registry,
        &service.db,
        sailau_registry::sample::mazhilis_2023().entries().to_vec(),
    )
    .unwrap();
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
    let tc_unit = sample
        .def
        .region_of(sample.precinct(1))
        .unwrap()
        .to_string();
    let tc_name = format!("{tc_unit}-tc");
    let tc_public = sailau_group::to_hex(
        ed25519_dalek::SigningKey::from_bytes(&TC_KEY)
            .verifying_key()
            .as_bytes(),
    );
    service
        .db
        .transaction(|tx| {
            let password = "correct horse battery";
            let unit = Some(tc_unit.as_str());
            auth::create_user(
                tx,
                &tc_name,
                password,
                Role::Territorial,
                unit,
                Some(&tc_public),
            )
        })
        .unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let cards = CardRack::new(dir.path().join("cards")).unwrap();
    let app = rt
        .block_on(async {
            StationApp::new(
                station,
                vec![terminal],
                cards,
                clock.clone(),
                Some(Arc::new(InProcess(service.clone()))),
                PASSWORD,
            )
        })
        .unwrap();
    // The observers this election's registry accredits here, for the console's list.
    let enrolled = sailau_registry::enrol::enrol(sample.def.definition()).unwrap();
    app.accredit(enrolled.registry.state());
    let world = Arc::new(World {
        service: service.clone(),
        station: app.clone(),
        sample,
        clock,
        dir: dir.path().to_path_buf(),
        hours: Mutex::new(Vec::new()),
        tc_unit,
    });
    rt.block_on(async {
        let login = r#"{"name":"cec-admin","password":"correct horse battery"}"#;
        let (_, session) = call(&service, "POST", "/api/session", None, login.into()).await;
        let token: serde_json::Value = serde_json::from_str(&session).unwrap();
        let token = token["token"].as_str().unwrap();
        let upload = world.sample.upload().into_bytes();
        let (status, answer) = call(&service, "PUT", "/api/election", Some(token), upload).await;
        assert_eq!(status, 201, "{answer}");
        for i in [1, 2] {
            let path = format!("/api/precincts/{}/protocol", world.sample.precinct(i));
            let (status, answer) = call(
                &service,
                "PUT",
                &path,
                None,
                world.sample.signed_protocol(i),
            )
            .await;
            assert_eq!(status, 201, "{answer}");
        }
        world.send_turnout(10).await;
        world.send_turnout(12).await;
        // The station's own turnout so far (none yet), as its timer would send it.
        app.sync_turnout().await;
    });

    let (site, station_site, control) = rt.block_on(async {
        let bind = || tokio::net::TcpListener::bind("127.0.0.1:0");
        let (a, b, c) = (
            bind().await.unwrap(),
            bind().await.unwrap(),
            bind().await.unwrap(),
        );
        let addrs = (
            a.local_addr().unwrap(),
            b.local_addr().unwrap(),
            c.local_addr().unwrap(),
        );
        let portal = sailau_web::app(service.clone());
        tokio::spawn(async move { axum::serve(a, portal).await });
        let pages = sailau_web::station::router(app.clone());
        tokio::spawn(async move { axum::serve(b, pages).await });
        let ctl = Router::new()
            .route("/turnout/next", post(next_turnout))
            .route("/clock/evening", post(evening))
            .route("/guardians/{who}", post(guardian))
            .route("/second-protocol", post(second_protocol))
            .route("/summary/{which}", post(summary))
            .with_state(world.clone());
        tokio::spawn(async move { axum::serve(c, ctl).await });
        addrs
    });
    let sample = &world.sample;
    let region = sample
        .def
        .region_of(sample.precinct(1))
        .unwrap()
        .to_string();
    // Node runs them one at a time in the order of their names; the station's day, which
    // moves the clock to the evening and publishes its record, comes last.
    let scripts = ["commission", "portal", "station"].map(|s| format!("tests/{s}.test.mjs"));
    let all = std::fs::read_dir(front.join("tests"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".test.mjs")
        })
        .count();
    assert_eq!(all, scripts.len(), "every script of front/tests is run");
    let output = Command::new("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(&scripts)
        .current_dir(&front)
        .env("SAILAU_URL", format!("http://{site}"))
        .env("SAILAU_STATION", format!("http://{station_site}"))
        .env("SAILAU_CONTROL", format!("http://{control}"))
        .env("SAILAU_CHROMIUM", chromium())
        .env("SAILAU_REGION", &region)
        .env("SAILAU_PRECINCT", sample.precinct(1))
        .env(
            "SAILAU_STATION_REGION",
            sample.def.region_of(&precinct).unwrap(),
        )
        .env("SAILAU_TERMINAL", &device)
        .env("SAILAU_STATION_PRECINCT", &precinct)
        .env("SAILAU_PASSWORD", PASSWORD)
        .env("SAILAU_TC", &tc_name)
        .env(
            "SAILAU_VOTERS",
            people
                .iter()
                .map(|v| v.iin.to_string())
                .collect::<Vec<_>>()
                .join(","),
        )
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

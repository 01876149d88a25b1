//! Absentee certificates live, through the consoles and the CEC's real routes: the home
//! station issues one the day before and registers it; a second station honours it on
//! election day; a third, whose line to the CEC is down, honours the same paper and reports
//! it at the next send, and the CEC's flags name it; a fourth, online, is refused.

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use rand_core::SeedableRng;
use sailau_server::auth::{self, Role};
use sailau_server::clock::Clock;
use sailau_server::sample::SampleElection;
use sailau_server::Service;
use sailau_station::terminal::Terminal;
use sailau_station::Station;
use sailau_voters::{Iin, Sex, Voter};
use sailau_web::station::{Answer, CardRack, Central, StationApp, Upload};
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

pub(super) const PASSWORD: &str = "station password 1";
/// 2023-03-18 12:00 at UTC+5: the day before, when certificates are still issued.
const DAY_BEFORE_NOON: i64 = 1_679_122_800;
/// 2023-03-19 12:00 at UTC+5.
const NOON: i64 = 1_679_209_200;

/// A fresh station of `sample`'s precinct `i`, its database at `db`.
pub(super) fn station_of(
    sample: &SampleElection,
    i: usize,
    db: &Path,
    rng: &mut rand_chacha::ChaCha20Rng,
) -> Station {
    let part = sailau_station::part::Setup::new(&sample.def, sample.election.as_bytes())
        .unwrap()
        .part(sample.precinct(i))
        .unwrap();
    Station::create(db, &part, rng).unwrap()
}

/// A terminal `{precinct}-t1` set up in `dir` and registered at `station`.
pub(super) fn terminal_of(
    station: &Station,
    dir: &Path,
    rng: &mut rand_chacha::ChaCha20Rng,
) -> Terminal {
    let t = Terminal::create(
        dir,
        &format!("{}-t1", station.precinct()),
        &station.desk_public_key(),
        station.part(),
        rng,
    )
    .unwrap();
    station
        .register_terminal(t.device(), &t.public_key())
        .unwrap();
    t
}

/// Signs in to a station's console with its password: the session cookie.
pub(super) async fn sign_in(app: &Arc<StationApp>) -> String {
    let router = sailau_web::station::router(app.clone());
    let form = format!("password={}", PASSWORD.replace(' ', "+"));
    let headers = [("content-type", "application/x-www-form-urlencoded")];
    let (status, _, cookie) = call(
        router,
        "POST",
        "/console/login",
        &headers,
        form.into_bytes(),
    )
    .await;
    assert_eq!(status, 303, "signed in");
    cookie.expect("signed in")
}

/// One request to `app`: its status, its body, and the session cookie it sets, if any.
pub(super) async fn call(
    app: axum::Router,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (u16, String, Option<String>) {
    let mut b = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let r = app
        .oneshot(b.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = r.status().as_u16();
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .map(String::from);
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned(), cookie)
}

/// The CEC's service in process, behind a line that can go down.
struct Line {
    service: Arc<Service>,
    up: AtomicBool,
}

impl Central for Line {
    fn send(
        &self,
        precinct: &str,
        upload: Upload,
    ) -> Pin<Box<dyn Future<Output = Answer> + Send + '_>> {
        let (path, body) = upload.route(precinct);
        Box::pin(async move {
            if !self.up.load(Ordering::SeqCst) {
                return Err("connection refused".into());
            }
            let app = sailau_web::app(self.service.clone());
            let headers = [("content-type", "application/json")];
            let (s, b, _) = call(app, "PUT", &path, &headers, body).await;
            Ok((s, b))
        })
    }
}

struct Desk {
    app: Arc<StationApp>,
    cookie: String,
}

impl Desk {
    async fn post(&self, path: &str, form: &str) -> (u16, String) {
        let headers = [
            ("cookie", self.cookie.as_str()),
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept-language", "en"),
        ];
        let router = sailau_web::station::router(self.app.clone());
        let (s, b, _) = call(router, "POST", path, &headers, form.as_bytes().to_vec()).await;
        (s, b)
    }

    async fn get(&self, path: &str) -> String {
        let headers = [("cookie", self.cookie.as_str()), ("accept-language", "en")];
        let router = sailau_web::station::router(self.app.clone());
        call(router, "GET", path, &headers, Vec::new()).await.1
    }
}

#[test]
fn a_certificate_is_honoured_once_and_an_offline_use_reaches_the_cec_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::fixed(DAY_BEFORE_NOON);
    let mut sample = SampleElection::new(4, 5);
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);
    let birth = "1975-04-12".parse().unwrap();
    let voter = Iin::issue(birth, Sex::Male, 1).unwrap();
    let second = Iin::issue(birth, Sex::Male, 3).unwrap();
    let stations: Vec<Station> = (0..3)
        .map(|i| {
            let precinct = sample.precinct(i).to_string();
            let s = station_of(&sample, i, &dir.path().join(format!("s{i}.db")), &mut rng);
            if i == 0 {
                let on_list = |iin| Voter {
                    iin,
                    name: "Сайлаушы".into(),
                    birth,
                    precinct: precinct.clone(),
                };
                s.load_voters(&[on_list(voter), on_list(second)]).unwrap();
            }
            sample.set_station_key(i, s.station_public_key());
            s
        })
        .collect();
    let url = format!("sqlite://{}", dir.path().join("central.db").display());
    let service = Service::open(&url, 4, clock.clone()).unwrap();
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
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let login = br#"{"name":"cec-admin","password":"correct horse battery"}"#.to_vec();
        let json = [("content-type", "application/json")];
        let (_, session, _) = call(
            sailau_web::app(service.clone()),
            "POST",
            "/api/session",
            &json,
            login,
        )
        .await;
        let token: serde_json::Value = serde_json::from_str(&session).unwrap();
        let bearer = format!("Bearer {}", token["token"].as_str().unwrap());
        let (status, answer, _) = call(
            sailau_web::app(service.clone()),
            "PUT",
            "/api/election",
            &[
                ("authorization", bearer.as_str()),
                ("content-type", "application/json"),
            ],
            sample.upload().into_bytes(),
        )
        .await;
        assert_eq!(status, 201, "{answer}");

        let mut desks = Vec::new();
        let mut lines = Vec::new();
        for (i, station) in stations.into_iter().enumerate() {
            let line = Arc::new(Line {
                service: service.clone(),
                up: AtomicBool::new(true),
            });
            let cards = CardRack::new(dir.path().join(format!("cards{i}"))).unwrap();
            let app = StationApp::new(
                station,
                Vec::new(),
                cards,
                clock.clone(),
                Some(line.clone() as Arc<dyn Central>),
                PASSWORD,
            )
            .unwrap();
            let cookie = sign_in(&app).await;
            desks.push(Desk { app, cookie });
            lines.push(line);
        }
        let list = "mazhilis-list";
        let register = || async {
            let (_, body, _) = call(
                sailau_web::app(service.clone()),
                "GET",
                "/api/certificates",
                &[],
                Vec::new(),
            )
            .await;
            serde_json::from_str::<serde_json::Value>(&body).unwrap()
        };

        // The day before, at home: the certificate for the party lists, registered at once.
        let (s, page) = desks[0]
            .post(
                "/console/certificates/issue",
                &format!("iin={voter}&c-{list}=on"),
            )
            .await;
        assert_eq!(s, 200, "{page}");
        let number = format!("{}-00001", sample.precinct(0));
        assert!(
            page.contains(&format!("Certificate {number} issued for 1 contest")),
            "{page}"
        );
        assert!(page.contains("Registered with the CEC"), "{page}");
        let listed = desks[0].get("/console/certificates").await;
        assert!(listed.contains("201"), "{listed}");
        assert_eq!(register().await["issued"], 1);

        // Election day. Precinct 1 honours it: the desk types what the paper says.
        clock.set(NOON);
        let home = sample.precinct(0).to_string();
        let paper = format!("iin={voter}&number={number}&home={home}&c-{list}=on&how=paper");
        let (s, page) = desks[1].post("/console/desk/absentee", &paper).await;
        assert_eq!(s, 200, "{page}");
        assert!(
            page.contains(&format!("Certificate {number} honoured")),
            "{page}"
        );
        assert!(page.contains("Registered with the CEC"), "{page}");
        assert_eq!(register().await["used"], 1);

        // Precinct 2's line is down: the commission honours the paper alone.
        lines[2].up.store(false, Ordering::SeqCst);
        let (s, page) = desks[2].post("/console/desk/absentee", &paper).await;
        assert_eq!(s, 200, "{page}");
        assert!(page.contains("could not be reached"), "{page}");
        assert!(desks[2]
            .get("/console/certificates")
            .await
            .contains("not yet answered"));
        assert_eq!(
            register().await["used"],
            1,
            "the CEC has not heard of it yet"
        );

        // The line returns; the next send reports it as used offline, and the CEC flags it.
        lines[2].up.store(true, Ordering::SeqCst);
        assert_eq!(desks[2].app.sync_certificates().await, Ok(0));
        let r = register().await;
        assert_eq!(
            (
                r["used"].as_u64(),
                r["offline"].as_u64(),
                r["used_twice"].as_u64()
            ),
            (Some(2), Some(1), Some(1)),
            "{r}"
        );
        let (_, flags, _) = call(
            sailau_web::app(service.clone()),
            "GET",
            "/api/flags",
            &[],
            Vec::new(),
        )
        .await;
        let flags: serde_json::Value = serde_json::from_str(&flags).unwrap();
        let flag = &flags["flags"][0];
        assert_eq!(flag["unit"], sample.precinct(2));
        assert_eq!(flag["kind"], "certificate-used-twice");
        assert!(
            flag["message"]
                .as_str()
                .unwrap()
                .contains("reported at closing"),
            "{flag}"
        );
        assert!(
            !flags.to_string().contains(&voter.to_string()),
            "no IIN is published"
        );
        assert!(!desks[2]
            .get("/console/certificates")
            .await
            .contains("not yet answered"));

        // The same paper at precinct 1 again: its desk has already given this voter ballots.
        let (s, page) = desks[1].post("/console/desk/absentee", &paper).await;
        assert_eq!(s, 422, "{page}");

        // The same paper again at precinct 2, in another name: its desk knows the number.
        let other = Iin::issue(birth, Sex::Female, 2).unwrap();
        let copy = paper.replace(&voter.to_string(), &other.to_string());
        let (s, page) = desks[2].post("/console/desk/absentee", &copy).await;
        assert_eq!(s, 422, "{page}");
        assert!(page.contains("already honoured at this desk"), "{page}");

        // The home desk's second certificate, shown online at precinct 2 by someone else:
        // the register refuses it, and no ballots are given.
        clock.set(DAY_BEFORE_NOON);
        let (s, page) = desks[0]
            .post(
                "/console/certificates/issue",
                &format!("iin={second}&c-{list}=on"),
            )
            .await;
        assert_eq!(s, 200, "{page}");
        clock.set(NOON);
        let number2 = format!("{}-00002", sample.precinct(0));
        let forged = format!("iin={other}&number={number2}&home={home}&c-{list}=on&how=paper");
        let (s, page) = desks[2].post("/console/desk/absentee", &forged).await;
        assert_eq!(s, 422, "{page}");
        assert!(page.contains("register refuses"), "{page}");
        assert!(
            page.contains("holder&#39;s IIN differs") || page.contains("holder's IIN differs"),
            "{page}"
        );
        let r = register().await;
        assert_eq!(
            (r["issued"].as_u64(), r["used"].as_u64()),
            (Some(2), Some(2)),
            "{r}"
        );

        // The CEC's inbox: the register's figures, and the flags on their precincts.
        let form = b"name=cec-admin&password=correct+horse+battery".to_vec();
        let headers = [("content-type", "application/x-www-form-urlencoded")];
        let (_, _, cookie) = call(sailau_web::app(service.clone()), "POST", "/console/login", &headers, form).await;
        let cookie = cookie.expect("signed in");
        let headers = [("cookie", cookie.as_str()), ("accept-language", "en")];
        let (_, inbox, _) = call(sailau_web::app(service.clone()), "GET", "/console", &headers, Vec::new()).await;
        assert!(inbox.contains("Issued: 2. Used: 2, of which 1 while a station could not reach the CEC and 0 not registered"), "{inbox}");
        assert!(inbox.contains("Used at more than one precinct: 1."), "{inbox}");
        assert!(inbox.contains("certificate-used-twice"), "{inbox}");
        assert!(inbox.contains("certificate-mismatch"), "{inbox}");
    });
}

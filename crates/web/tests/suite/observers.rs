//! The observers present, on the station's console: the accredited of this precinct from
//! the registry, each arrival recorded once and kept in the station's database.

use super::certificates::{sign_in, station_of, PASSWORD};
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use rand_core::SeedableRng;
use sailau_server::clock::Clock;
use sailau_server::sample::SampleElection;
use sailau_station::Station;
use sailau_web::station::{CardRack, StationApp};
use std::sync::Arc;
use tower::ServiceExt;

/// 2023-03-19 07:00 UTC: noon at UTC+5, 13:00 at UTC+6.
const NOON: i64 = 1_679_209_200;

async fn call(
    app: &Arc<StationApp>,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: &str,
) -> (u16, String, Option<String>) {
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header("accept-language", "en")
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header("cookie", c);
    }
    let r = sailau_web::station::router(app.clone())
        .oneshot(b.body(Body::from(form.to_string())).unwrap())
        .await
        .unwrap();
    let status = r.status().as_u16();
    let set = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .map(String::from);
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned(), set)
}

#[test]
fn the_console_lists_the_accredited_here_and_records_each_arrival_once() {
    let dir = tempfile::tempdir().unwrap();
    let sample = SampleElection::new(4, 5);
    let precinct = sample.precinct(0).to_string();
    let db = dir.path().join("s.db");
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);
    let station = station_of(&sample, 0, &db, &mut rng);

    // The registry of this election accredits observers at every home precinct.
    let registry = sailau_registry::enrol::enrol(sample.def.definition())
        .unwrap()
        .registry;
    let observers = &registry.state().observers;
    let here: Vec<_> = observers.at(&precinct).cloned().collect();
    let elsewhere: Vec<_> = observers
        .accredited
        .iter()
        .filter(|a| !a.precincts.contains(&precinct))
        .collect();
    assert!(!here.is_empty() && !elsewhere.is_empty());

    let cards = CardRack::new(dir.path().join("cards")).unwrap();
    let app = StationApp::new(
        station,
        Vec::new(),
        cards,
        Clock::fixed(NOON),
        None,
        PASSWORD,
    )
    .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let cookie = sign_in(&app).await;
        let c = Some(cookie.as_str());

        // Without a registry, the console says nobody is accredited here.
        let (s, page, _) = call(&app, "GET", "/console/observers", c, "").await;
        assert_eq!(s, 200, "{page}");
        assert!(page.contains("Nobody is accredited"), "{page}");

        app.accredit(registry.state());
        let (_, page, _) = call(&app, "GET", "/console/observers", c, "").await;
        for a in &here {
            assert!(
                page.contains(&a.id) && page.contains(&a.name),
                "{} missing: {page}",
                a.id
            );
        }
        for a in &elsewhere {
            assert!(
                !page.contains(&format!(">{}<", a.id)),
                "{} is not accredited here",
                a.id
            );
        }
        assert!(page.contains("sailau protocol check"), "{page}");

        // The first arrives: recorded, with the station's time.
        let first = &here[0];
        let (s, page, _) = call(
            &app,
            "POST",
            "/console/observers/arrive",
            c,
            &format!("number={}", first.id),
        )
        .await;
        assert_eq!(s, 303, "{page}");
        let (_, page, _) = call(&app, "GET", "/console/observers", c, "").await;
        let offset = sample.def.precinct(&precinct).unwrap().utc_offset;
        let (_, secs) = sailau_law::election_day::Moment(NOON)
            .to_local(offset)
            .unwrap();
        let since = format!("present since {:02}:{:02}", secs / 3600, secs / 60 % 60);
        assert!(page.contains(&since), "{since}: {page}");

        // Twice is refused, and so is someone accredited elsewhere.
        let (s, page, _) = call(
            &app,
            "POST",
            "/console/observers/arrive",
            c,
            &format!("number={}", first.id),
        )
        .await;
        assert_eq!(s, 422);
        assert!(page.contains("already recorded as present"), "{page}");
        let (s, page, _) = call(
            &app,
            "POST",
            "/console/observers/arrive",
            c,
            &format!("number={}", elsewhere[0].id),
        )
        .await;
        assert_eq!(s, 422);
        assert!(
            page.contains("not accredited to observe at this precinct"),
            "{page}"
        );

        // Signed out, the list is not shown.
        let (s, _, _) = call(&app, "GET", "/console/observers", None, "").await;
        assert_ne!(s, 200);
    });
    drop(app);

    // The arrival is in the station's database, after the station is closed and reopened.
    let reopened = Station::open(&db).unwrap();
    let present = reopened.observers_present().unwrap();
    assert_eq!(present.len(), 1);
    assert_eq!(present[0].number, here[0].id);
    assert_eq!(present[0].name, here[0].name);
    assert_eq!(present[0].arrived.0, NOON);
}

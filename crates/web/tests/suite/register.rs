//! The registries' page (`/register`) on the 2023 Mazhilis ledger, in each language: the
//! calendar, the candidates, the money, the missions, and the ledger to check.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sailau_server::clock::Clock;
use sailau_server::Service;
use tower::ServiceExt;

fn page(service: &std::sync::Arc<Service>, lang: &str) -> (StatusCode, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let app = sailau_web::app(service.clone());
    rt.block_on(async move {
        let req = Request::builder()
            .uri("/register")
            .header("cookie", format!("lang={lang}"))
            .body(Body::empty())
            .unwrap();
        let r = app.oneshot(req).await.unwrap();
        let status = r.status();
        let bytes = r.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    })
}

#[test]
fn the_register_shows_the_2023_figures_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("s.db").display());
    let service = Service::open(&url, 2, Clock::fixed(1_680_000_000)).unwrap();
    let (status, html) = page(&service, "en");
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No election has been called in the registries yet."));

    let ledger = sailau_registry::sample::mazhilis_2023();
    let n =
        sailau_server::registry::import(&service.registry, &service.db, ledger.entries().to_vec())
            .unwrap();
    assert_eq!(n, ledger.entries().len());
    // Imported twice: the second copy does not continue the ledger, and nothing is stored.
    assert!(sailau_server::registry::import(
        &service.registry,
        &service.db,
        ledger.entries().to_vec()
    )
    .is_err());

    let (status, en) = page(&service, "en");
    assert_eq!(status, StatusCode::OK);
    // The CEC's calendar of 2023, at Astana time.
    assert!(en.contains("Nomination of candidates"), "{en}");
    assert!(en.contains("08.02.2023 18:00 (UTC+06:00)"));
    // 435 registered in the districts, 359 self-nominated, 19.54% women.
    assert!(
        en.contains("<td>435</td><td>359</td><td>19.54%</td>"),
        "{en}"
    );
    assert!(en.contains("Documents incomplete"));
    assert!(en.contains("413,250,000"), "the funding paid, in tenge");
    assert!(en.contains("793 foreign observers from 41 countries, 230 foreign journalists"));
    assert!(en.contains("Eoghan Murphy"));
    assert!(
        en.contains(ledger.head()),
        "the head to check the ledger against"
    );

    let (_, ru) = page(&service, "ru");
    assert!(ru.contains("<html lang=\"ru\""));
    assert!(ru.contains("Выдвижение кандидатов"));
    assert!(ru.contains("19,54\u{a0}%"));
    let (_, kk) = page(&service, "kk");
    assert!(kk.contains("<html lang=\"kk\""));
    assert!(kk.contains("Кандидаттарды ұсыну"));
    assert!(kk.contains("413\u{a0}250\u{a0}000"));
}

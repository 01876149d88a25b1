//! The results portal, driven in process: what a reader sees agrees with what the API
//! publishes and with the protocols sent, in the reader's language, and bad requests get
//! clear pages, never a crash.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sailau_server::auth::{self, Role};
use sailau_server::clock::Clock;
use sailau_server::sample::SampleElection;
use sailau_server::Service;
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

/// 2023-03-19 21:00 in Astana (UTC+6): every turnout hour has come.
const EVENING: i64 = 1_679_238_000 + 3_600;

struct Portal {
    rt: tokio::runtime::Runtime,
    service: Arc<Service>,
    sample: SampleElection,
    _dir: tempfile::TempDir,
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Portal {
    /// A service with the sample election of `precincts` precincts, `reported` of which have
    /// sent their protocols.
    fn new(precincts: usize, reported: usize) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("s.db").display());
        let service = Service::open(&url, 2, Clock::fixed(EVENING)).unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let sample = SampleElection::new(precincts, 11);
        let p = Portal {
            rt,
            service,
            sample,
            _dir: dir,
        };
        p.service
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
        let (s, v) = p.api(
            "POST",
            "/api/session",
            None,
            Some(r#"{"name":"cec-admin","password":"correct horse battery"}"#.into()),
        );
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let token = v["token"].as_str().unwrap().to_string();
        let (s, v) = p.api(
            "PUT",
            "/api/election",
            Some(&token),
            Some(p.sample.upload().into_bytes()),
        );
        assert_eq!(s, StatusCode::CREATED, "{v}");
        for i in 0..reported {
            let path = format!("/api/precincts/{}/protocol", p.sample.precinct(i));
            let (s, v) = p.api("PUT", &path, None, Some(p.sample.signed_protocol(i)));
            assert_eq!(s, StatusCode::CREATED, "{v}");
        }
        p
    }

    fn send(&self, req: Request<Body>) -> Answer {
        let app = sailau_web::app(self.service.clone());
        self.rt.block_on(async move {
            let r = app.oneshot(req).await.unwrap();
            let status = r.status();
            let headers = r.headers().clone();
            let bytes = r.into_body().collect().await.unwrap().to_bytes().to_vec();
            Answer {
                status,
                headers,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            }
        })
    }

    fn api(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> (StatusCode, Value) {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        let a = self.send(b.body(Body::from(body.unwrap_or_default())).unwrap());
        (
            a.status,
            serde_json::from_str(&a.body).unwrap_or(Value::Null),
        )
    }

    /// A page, asked for with these headers.
    fn page(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut b = Request::builder().uri(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.send(b.body(Body::empty()).unwrap())
    }

    fn english(&self, path: &str) -> Answer {
        self.page(path, &[("cookie", "lang=en")])
    }

    /// The test's own total: the sample's votes for option `o` of `contest` over precincts.
    fn votes(&self, precincts: std::ops::Range<usize>, contest: &str, o: usize) -> u64 {
        precincts
            .filter_map(|i| {
                let c = self
                    .sample
                    .def
                    .contests_of(self.sample.precinct(i))
                    .iter()
                    .position(|c| c.id == contest)?;
                let (p, e) = self.sample.votes(i, c, o);
                Some(p + e)
            })
            .sum()
    }
}

/// A count as English pages write it.
fn en(n: u64) -> String {
    sailau_web::i18n::count(sailau_web::i18n::Language::English, n)
}

/// The text of the table row whose header cell ends with `name`, up to the row's end.
fn row<'a>(page: &'a str, name: &str) -> &'a str {
    let at = page
        .find(&format!("{name}</th>"))
        .unwrap_or_else(|| panic!("no row {name}"));
    let end = page[at..].find("</tr>").unwrap();
    &page[at..at + end]
}

#[test]
fn the_national_page_shows_the_reported_votes_and_the_decisions_the_api_publishes() {
    let p = Portal::new(6, 4);
    let a = p.english("/");
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body.contains("4 of 6 precincts have reported."),
        "{}",
        a.body
    );
    assert!(a.body.contains("Preliminary results."));
    // Every list's votes are the sum of the four protocols, computed here.
    let list = p.sample.def.contest("mazhilis-list").unwrap();
    let names = p
        .sample
        .def
        .option_labels(list, sailau_web::i18n::Language::English);
    let (_, results) = p.api("GET", "/api/results", None, None);
    let decided = results["decisions"]["mazhilis"]["contests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "mazhilis-list")
        .unwrap()
        .clone();
    let mut seats = 0;
    for (o, name) in names.iter().enumerate().take(list.options.len()) {
        let r = row(&a.body, name);
        let votes = p.votes(0..4, "mazhilis-list", o);
        assert!(
            r.contains(&format!(">{}</td>", en(votes))),
            "{name}: {votes} in {r}"
        );
        // The seats shown are the seats the API publishes for the same list.
        let api_seats = decided["options"][o]["seats"].as_u64().unwrap();
        let shown_seats = if api_seats > 0 {
            api_seats.to_string()
        } else {
            "0".to_string()
        };
        assert!(
            r.ends_with(&format!(">{shown_seats}</td>")),
            "{name}: {api_seats} seats in {r}"
        );
        seats += api_seats;
    }
    assert_eq!(seats, 69, "the Mazhilis lists share 69 seats in 2023");
    assert!(
        a.body.contains("The line marks the 5.00% threshold"),
        "the threshold of the edition in force"
    );
    assert!(a.body.contains("69 seats are shared among the"));
    // The chamber: one seat drawn per list seat and per district with a winner.
    let districts = p
        .sample
        .def
        .contests
        .iter()
        .filter(|c| c.body == sailau_definition::Body::Mazhilis && c.district.is_some())
        .count();
    let chamber = &a.body[a.body.find("svg class=\"hemicycle\"").unwrap()..];
    let chamber = &chamber[..chamber.find("</svg>").unwrap()];
    let elected = decided_winners(&results, "mazhilis");
    assert_eq!(
        chamber.matches("<circle").count(),
        69 + districts,
        "{elected} districts elected"
    );
    assert!(a.body.contains("What happens next"));
}

fn decided_winners(results: &Value, body: &str) -> usize {
    results["decisions"][body]["contests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] == "elected")
        .count()
}

#[test]
fn the_language_is_the_readers_choice() {
    let p = Portal::new(3, 1);
    let kk = p.page("/", &[]);
    assert!(
        kk.body.contains("<html lang=\"kk\""),
        "Kazakh, the state language, by default"
    );
    assert!(kk.body.contains("<h1>Қорытындылар</h1>"));
    let ru = p.page("/", &[("accept-language", "ru-RU,ru;q=0.9,en;q=0.5")]);
    assert!(ru.body.contains("<html lang=\"ru\""));
    assert!(ru.body.contains("<h1>Итоги</h1>"));
    let en = p.page("/", &[("cookie", "lang=en"), ("accept-language", "ru")]);
    assert!(
        en.body.contains("<h1>Results</h1>"),
        "the cookie wins over the browser"
    );
    let shared = p.page("/?lang=ru", &[("cookie", "lang=en")]);
    assert!(
        shared.body.contains("<h1>Итоги</h1>"),
        "a link in a language wins over the cookie"
    );
    // Switching sets the cookie and comes back to the same page; never to another site.
    let switch = p.page("/prefs?lang=ru&back=/verify", &[]);
    assert_eq!(switch.status, StatusCode::SEE_OTHER);
    assert_eq!(switch.headers["location"], "/verify");
    assert!(switch.headers["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("lang=ru;"));
    let away = p.page("/prefs?size=150&back=//evil.example/", &[]);
    assert_eq!(away.headers["location"], "/");
    let bigger = p.page("/", &[("cookie", "size=150; contrast=high")]);
    assert!(bigger.body.contains("class=\"size-150 contrast-high\""));
}

#[test]
fn a_unit_shows_its_sum_and_precincts_and_a_precinct_its_signed_protocol() {
    let p = Portal::new(6, 6);
    let first = p.sample.def.precinct(p.sample.precinct(0)).unwrap().clone();
    let region = p.sample.def.region_of(&first.id).unwrap().to_string();
    let a = p.english(&format!("/units/{region}"));
    assert_eq!(a.status, StatusCode::OK);
    let in_region: Vec<usize> = (0..6)
        .filter(|&i| p.sample.def.region_of(p.sample.precinct(i)) == Some(region.as_str()))
        .collect();
    assert!(
        a.body
            .contains(&format!("{n} of {n} precinct", n = in_region.len())),
        "{}",
        a.body
    );
    // A regional council's list is decided on the region's sum, which is all of its votes.
    let council = format!("{region}-maslikhat-list");
    let c = p.sample.def.contest(&council).unwrap();
    let names = p
        .sample
        .def
        .option_labels(c, sailau_web::i18n::Language::English);
    let section = &a.body[a
        .body
        .find(&format!("id=\"{council}\""))
        .expect("the council's section")..];
    let r = row(section, &names[0]);
    assert!(
        section.contains("seats are shared among"),
        "decided on the region's own sum"
    );
    let position = p
        .sample
        .def
        .contests_of(&first.id)
        .iter()
        .position(|x| x.id == council)
        .unwrap();
    let votes: u64 = in_region
        .iter()
        .map(|&i| {
            let (x, y) = p.sample.votes(i, position, 0);
            x + y
        })
        .sum();
    assert!(r.contains(&format!(">{}</td>", en(votes))), "{r}");
    // The precinct's page prints every count of its protocol as signed.
    let page = p.english(&format!("/units/{}", first.unit));
    assert!(page
        .body
        .contains(&format!("href=\"/precincts/{}\"", first.id)));
    let pr = p.english(&format!("/precincts/{}", first.id));
    assert_eq!(pr.status, StatusCode::OK);
    let protocol = p.sample.protocol(0);
    for count in &protocol.contests {
        assert!(pr.body.contains(&format!(
            "voters on the list</th><td class=\"num\">{}</td>",
            en(count.registered)
        )));
    }
    assert!(pr.body.contains("Every control relation holds."));
    assert!(pr
        .body
        .contains(&format!("href=\"/api/precincts/{}/protocol\"", first.id)));
}

#[test]
fn unknown_places_and_bad_codes_get_clear_pages() {
    let p = Portal::new(3, 0);
    let a = p.english("/units/atlantis");
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a
        .body
        .contains("There is no unit “atlantis” in this election."));
    let a = p.page("/precincts/p-99999", &[("cookie", "lang=ru")]);
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.body.contains("В этих выборах нет участка «p-99999»."));
    let a = p.english("/verify/ballot?code=hello");
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("This is not a confirmation code"));
    let a = p.english("/verify/ballot?code=7K2M-9QXD-4H8B-ZT3W");
    assert!(a
        .body
        .contains("No ballot with this code is on the board yet."));
    assert!(a.body.contains("0 of 3 precincts have published so far"));
    // Markup in what a reader types is shown as text, never run.
    let a = p.english("/verify/ballot?code=%3Cscript%3Ealert(1)%3C/script%3E");
    assert!(!a.body.contains("<script>alert"), "escaped");
    assert!(a.body.contains("&lt;script&gt;"));
    let a = p.english("/");
    assert!(a.body.contains("No precinct has reported yet."));
}

#[test]
fn a_service_without_an_election_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(
        &format!("sqlite://{}", dir.path().join("s.db").display()),
        1,
        Clock::fixed(EVENING),
    )
    .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let body = rt.block_on(async {
        let r = sailau_web::app(service)
            .oneshot(
                Request::builder()
                    .uri("/")
                    .header("cookie", "lang=en")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        String::from_utf8(r.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
    });
    assert!(body.contains("No election has been defined on this service yet."));
}

#[test]
fn pages_forbid_foreign_scripts_and_assets_are_kept_by_their_hash() {
    let p = Portal::new(2, 0);
    let a = p.english("/verify");
    let csp = a.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(a.headers["x-content-type-options"], "nosniff");
    let css = &sailau_web::assets::CSS.name;
    assert!(a.body.contains(&format!("href=\"/assets/{css}\"")));
    let asset = p.page(&format!("/assets/{css}"), &[]);
    assert_eq!(asset.status, StatusCode::OK);
    assert_eq!(asset.headers["content-type"], "text/css; charset=utf-8");
    assert!(asset.headers["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert_eq!(
        p.page("/assets/app.00000000.css", &[]).status,
        StatusCode::NOT_FOUND
    );
    // The API is still served beside the pages.
    let (s, v) = p.api("GET", "/api/health", None, None);
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("ok")));
}

#[test]
fn the_national_page_shows_the_chamber_as_seated_once_the_registry_names_the_deputies() {
    let p = Portal::new(6, 6);
    let a = p.english("/");
    assert!(!a.body.contains("The chamber as seated"), "no registry yet");

    // The registry of this election: its nominees registered, then the law's decisions on
    // the count certified and each party's deputies named.
    let e = p.service.election().unwrap();
    let (national, _, _) = p
        .service
        .with_accepted(|a| a.summary(&e, "national"))
        .unwrap()
        .unwrap();
    let region = |u: &str| {
        p.service
            .with_accepted(|a| a.summary(&e, u)?.ok().map(|(x, ..)| x))
    };
    let results = sailau_record::BodyResults::of(
        &e.def,
        &national,
        sailau_definition::Body::Mazhilis,
        &region,
    )
    .unwrap();
    let decisions: Vec<_> = results
        .decide()
        .decisions
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    let mut r = sailau_registry::enrol::enrol(e.def.definition())
        .unwrap()
        .registry;
    sailau_registry::enrol::seat(&mut r, e.def.definition(), &decisions).unwrap();
    sailau_server::registry::import(&p.service.registry, &p.service.db, r.entries().to_vec())
        .unwrap();

    let a = p.english("/");
    assert!(a.body.contains("The chamber as seated"), "{}", a.body);
    // Every deputy named is on the page by name, and the seated hemicycle has a seat for
    // each list seat and each district with a winner, as the chamber of seats won does.
    let st = r.state();
    assert_eq!(st.seats.len(), 69);
    for seat in &st.seats {
        let name = &st.candidate(&seat.candidate).unwrap().person.name;
        assert!(a.body.contains(name.as_str()), "{name} is not shown");
    }
    let (_, api) = p.api("GET", "/api/results", None, None);
    let districts = decided_winners(&api, "mazhilis");
    let figures: Vec<&str> = a.body.split("svg class=\"hemicycle\"").skip(1).collect();
    assert_eq!(figures.len(), 2, "seats won, then as seated");
    let seated = &figures[1][..figures[1].find("</svg>").unwrap()];
    assert_eq!(seated.matches("<circle").count(), 69 + districts);
}

/// The audit of the paper count on the portal: nothing before a plan; a plan the service
/// does not make again from the accepted protocols is refused; then its seed and first
/// sample; then, with the hand counts, each assertion's risk and each count against its
/// protocol, a differing count shown as such.
#[test]
fn the_paper_audit_page_shows_the_sample_and_each_assertions_risk() {
    use sailau_audit::{sample::hand_counts, Plan};
    const SEED: &str = "55555666667777788888";
    let n = 40;
    let p = Portal::new(n, n);
    let (_, v) = p.api(
        "POST",
        "/api/session",
        None,
        Some(r#"{"name":"cec-admin","password":"correct horse battery"}"#.into()),
    );
    let token = v["token"].as_str().unwrap().to_string();
    let page = p.english("/paper-audit");
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains("No audit of the paper count has been published yet."));

    let protocols: Vec<sailau_protocol::Protocol> = (0..n)
        .map(|i| {
            let text = String::from_utf8(p.sample.signed_protocol(i)).unwrap();
            sailau_protocol::SignedProtocol::from_json(&text)
                .unwrap()
                .protocol
        })
        .collect();
    let plan = Plan::of_record(&p.sample.def, &protocols, SEED, "0.05").unwrap();
    let mut wrong = plan.clone();
    wrong.contests[0].batches[0].weight += 1;
    let put =
        |path: &str, token: Option<&str>, body: Vec<u8>| p.api("PUT", path, token, Some(body));
    let (s, _) = put(
        "/api/paper-audit/plan",
        Some(&token),
        serde_json::to_vec(&wrong).unwrap(),
    );
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a plan not made from the record"
    );
    let (s, _) = put(
        "/api/paper-audit/plan",
        None,
        serde_json::to_vec(&plan).unwrap(),
    );
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, v) = put(
        "/api/paper-audit/plan",
        Some(&token),
        serde_json::to_vec(&plan).unwrap(),
    );
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let page = p.english("/paper-audit");
    assert!(page.body.contains(SEED), "the seed is shown");
    assert!(page.body.contains("To count first:"));
    let first = &plan.contests[0].first_round.precincts[0];
    assert!(page.body.contains(&format!("/precincts/{first}")));

    // Honest hand counts: every outcome stands.
    let counts = hand_counts(&p.sample.def, &protocols);
    let (s, v) = put(
        "/api/paper-audit/counts",
        Some(&token),
        counts.to_json().into_bytes(),
    );
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, v) = p.api("GET", "/api/paper-audit", None, None);
    let statuses: Vec<&str> = v["assessment"]["contests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert!(!statuses.is_empty());
    assert!(
        statuses.iter().all(|s| s.starts_with("confirmed")),
        "{statuses:?}"
    );
    let page = p.english("/paper-audit");
    assert!(page.body.contains("Confirmed"), "{}", page.body);
    assert!(page.body.contains("Hand counts against protocols"));

    // One precinct's paper shows two votes moved: the page names it as differing.
    let mut moved = counts.clone();
    let c = &mut moved.precincts[0].contests[0];
    c.options[0].votes += 2;
    c.options[1].votes = c.options[1].votes.saturating_sub(2);
    let (s, v) = put(
        "/api/paper-audit/counts",
        Some(&token),
        moved.to_json().into_bytes(),
    );
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let page = p.english("/paper-audit");
    assert!(
        page.body.contains("<strong>yes</strong>"),
        "a differing count is marked"
    );
    // Counts of another election are refused.
    let mut other = counts.clone();
    other.election = "elsewhere".into();
    let (s, _) = put(
        "/api/paper-audit/counts",
        Some(&token),
        other.to_json().into_bytes(),
    );
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}

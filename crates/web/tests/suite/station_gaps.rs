//! The station's pages refusing what docs/bad-input.md listed as untested (its "Gaps"): a
//! console form posted without a session (T2), an IIN, a certificate number or `how` typed
//! wrong (T10), an unknown terminal or closing file (T11), and sending to the CEC before
//! signing or with no central service (T12). Each asserts the status and the page's words,
//! and that the station's database holds what it held before.

use super::certificates::{call, sign_in, station_of, terminal_of, PASSWORD};
use rand_core::SeedableRng;
use sailau_server::clock::Clock;
use sailau_server::sample::SampleElection;
use sailau_station::paper::PaperEntry;
use sailau_station::Station;
use sailau_voters::{Iin, Sex, Voter};
use sailau_web::station::{Answer, CardRack, Central, StationApp, Upload};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// 2023-03-19 07:00 UTC: noon at UTC+5, 13:00 at UTC+6; the polls are open.
pub(super) const NOON: i64 = 1_679_209_200;

/// A station of the sample election's first precinct, with one voter on its list and one
/// terminal, served with `clock` and `central`.
pub(super) struct Served {
    pub(super) rt: tokio::runtime::Runtime,
    pub(super) app: Arc<StationApp>,
    pub(super) db: PathBuf,
    pub(super) voter: Iin,
    pub(super) contest: String,
    pub(super) device: String,
    pub(super) _dir: tempfile::TempDir,
}

fn served(clock: Clock, central: Option<Arc<dyn Central>>) -> Served {
    served_with(clock, central, |dir, _| {
        CardRack::new(dir.join("cards")).unwrap()
    })
}

/// The same station, its cards kept by `rack` (given the station's folder and the
/// terminal's device id).
pub(super) fn served_with(
    clock: Clock,
    central: Option<Arc<dyn Central>>,
    rack: impl FnOnce(&Path, &str) -> CardRack,
) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let sample = SampleElection::new(2, 5);
    let precinct = sample.precinct(0).to_string();
    let db = dir.path().join("s.db");
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(5);
    let station = station_of(&sample, 0, &db, &mut rng);
    let birth = "1975-04-12".parse().unwrap();
    let voter = Iin::issue(birth, Sex::Male, 1).unwrap();
    station
        .load_voters(&[Voter {
            iin: voter,
            name: "Сайлаушы".into(),
            birth,
            precinct: precinct.clone(),
        }])
        .unwrap();
    let t = terminal_of(&station, &dir.path().join("t1"), &mut rng);
    let device = t.device().to_string();
    let contest = station.style_contests()[0].clone();
    let cards = rack(dir.path(), &device);
    let app = StationApp::new(station, vec![t], cards, clock, central, PASSWORD).unwrap();
    Served {
        rt: tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap(),
        app,
        db,
        voter,
        contest,
        device,
        _dir: dir,
    }
}

/// Sends `form` to `path` as the commission's browser does, with `cookie` if given: the
/// status and the page.
pub(super) async fn send(
    app: &Arc<StationApp>,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: &str,
) -> (u16, String) {
    let mut headers = vec![
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept-language", "en"),
    ];
    if let Some(c) = cookie {
        headers.push(("cookie", c));
    }
    let router = sailau_web::station::router(app.clone());
    let (status, page, _) = call(router, method, path, &headers, form.as_bytes().to_vec()).await;
    (status, page)
}

/// What the station's database holds of its day, read through a connection of its own: the
/// opening and the seal, the voter, the turnout, the mobile box's list, the certificates'
/// notices, the paper count of `contest`, the partial decryptions and the declared terminals.
fn held(db: &Path, voter: &Iin, contest: &str) -> String {
    let s = Station::open(db).unwrap();
    format!(
        "{:?}",
        (
            s.opened_at().unwrap(),
            s.sealed_at().unwrap(),
            s.voter_status(voter).unwrap(),
            s.turnout().unwrap(),
            s.mobile_list().unwrap().len(),
            s.unreported_notices().unwrap(),
            s.paper_agreement(contest).unwrap(),
            s.paper_received(contest).unwrap(),
            s.declared_terminals().unwrap(),
            s.partials().map(|p| p.len()).ok(),
        )
    )
}

/// T2: every console form posted without a session, or with a session the station never
/// gave, is answered 401 `sign in first`, and the station does nothing of it.
#[test]
fn a_console_form_posted_without_a_session_is_401_and_does_nothing() {
    let s = served(Clock::fixed(NOON), None);
    let v = s.voter.to_string();
    let c = &s.contest;
    let forms: Vec<(String, String)> = vec![
        ("/console/open".into(), format!("p-{c}=100")),
        ("/console/desk/issue".into(), format!("iin={v}&how=paper")),
        ("/console/desk/mobile".into(), format!("iin={v}")),
        (
            "/console/desk/absentee".into(),
            format!("iin={v}&number=p-00009-00001&home=p-00009&how=paper"),
        ),
        (
            "/console/certificates/issue".into(),
            format!("iin={v}&c-{c}=on"),
        ),
        ("/console/certificates/send".into(), String::new()),
        ("/console/box".into(), "card=1".into()),
        ("/console/turnout".into(), String::new()),
        ("/console/observers/arrive".into(), "number=obs-1".into()),
        (
            format!("/console/count/{c}"),
            "member=Aigerim&spoiled=0".into(),
        ),
        (format!("/console/count/{c}/check"), "spoiled=0".into()),
        ("/console/close/seal".into(), String::new()),
        ("/console/close/terminals".into(), String::new()),
        ("/console/close/partial".into(), "partial=%7B%7D".into()),
        ("/console/close/sign".into(), String::new()),
        ("/console/close/send".into(), String::new()),
        (
            format!("/console/terminals/{}/reset", s.device),
            String::new(),
        ),
    ];
    let before = held(&s.db, &s.voter, c);
    let forged = format!("sailau_station={}", "ab".repeat(32));
    s.rt.block_on(async {
        for (path, form) in &forms {
            for cookie in [None, Some(forged.as_str())] {
                let (status, page) = send(&s.app, "POST", path, cookie, form).await;
                assert_eq!(status, 401, "{path} with {cookie:?}: {page}");
                assert!(page.contains("sign in first"), "{path}: {page}");
            }
        }
    });
    assert_eq!(held(&s.db, &s.voter, c), before, "nothing done");
}

/// The hint the pages give for an IIN (docs/bad-input.md T10), in English.
const IIN_HINT: &str = "The 12 digits of the identity card.";
/// The hint for a certificate's number.
const NUMBER_HINT: &str = "letters, digits and hyphens";

/// T10: an IIN typed wrong (too short, a letter, a wrong check digit) at the desk, for the
/// mobile box, for a certificate or its honour; a certificate number typed wrong; `how` not
/// paper, mobile or card: each a 422 page with the hint, and nothing recorded.
#[test]
fn a_typed_iin_number_or_how_that_is_wrong_is_a_422_with_the_hint() {
    let s = served(Clock::fixed(NOON), None);
    let good = s.voter.to_string();
    let last = good.as_bytes()[11] - b'0';
    let bad_digit = format!("{}{}", &good[..11], (last + 1) % 10);
    let c = &s.contest;
    let before = held(&s.db, &s.voter, c);
    s.rt.block_on(async {
        let cookie = sign_in(&s.app).await;
        let cookie = Some(cookie.as_str());
        for iin in ["12345", "8001O1300123", bad_digit.as_str(), ""] {
            let forms = [
                ("/console/desk/issue", format!("iin={iin}&how=paper")),
                ("/console/desk/mobile", format!("iin={iin}")),
                (
                    "/console/desk/absentee",
                    format!("iin={iin}&number=p-00002-00001&home=p-00002&c-{c}=on&how=paper"),
                ),
                ("/console/certificates/issue", format!("iin={iin}&c-{c}=on")),
            ];
            for (path, form) in forms {
                let (status, page) = send(&s.app, "POST", path, cookie, &form).await;
                assert_eq!(status, 422, "{path} {iin:?}: {page}");
                assert!(page.contains(IIN_HINT), "{path} {iin:?}: {page}");
            }
        }
        for number in ["p-00002/00001", "p 00002", "", "<b>1</b>"] {
            let form = format!(
                "iin={good}&number={}&home=p-00002&c-{c}=on&how=paper",
                number.replace(' ', "+").replace('/', "%2F")
            );
            let (status, page) =
                send(&s.app, "POST", "/console/desk/absentee", cookie, &form).await;
            assert_eq!(status, 422, "{number:?}: {page}");
            assert!(page.contains(NUMBER_HINT), "{number:?}: {page}");
            assert!(
                !page.contains("<b>1</b>"),
                "{number:?}: nothing typed is markup"
            );
        }
        for how in ["post", "Paper", "", "card;paper"] {
            let form = format!("iin={good}&how={how}");
            let (status, page) = send(&s.app, "POST", "/console/desk/issue", cookie, &form).await;
            assert_eq!(status, 422, "{how:?}: {page}");
            assert!(page.contains("paper, mobile or card"), "{how:?}: {page}");
        }
    });
    assert_eq!(held(&s.db, &s.voter, c), before, "nothing recorded");
}

/// T11: a terminal device the station does not have is a 404 page naming it, on every
/// terminal route; a closing file other than the protocol, the ballots and the tally is a
/// 404 once the protocol is signed.
#[test]
fn an_unknown_terminal_or_closing_file_is_404() {
    let s = served(Clock::fixed(NOON), None);
    let known = format!("/terminal/{}", s.device);
    s.rt.block_on(async {
        let (status, page) = send(&s.app, "GET", &known, None, "").await;
        assert_eq!(status, 200, "{page}");
        for (method, path) in [
            ("GET", "/terminal/nowhere"),
            ("POST", "/terminal/nowhere/start"),
            ("GET", "/terminal/nowhere/contest/0"),
            ("POST", "/terminal/nowhere/contest/0"),
            ("GET", "/terminal/nowhere/review"),
            ("POST", "/terminal/nowhere/encrypt"),
            ("POST", "/terminal/nowhere/cast"),
            ("POST", "/terminal/nowhere/challenge"),
            ("POST", "/terminal/nowhere/leave"),
        ] {
            let (status, page) = send(&s.app, method, path, None, "card=1&choice=0").await;
            assert_eq!(status, 404, "{method} {path}: {page}");
            assert!(
                page.contains("There is no terminal “nowhere” at this station."),
                "{method} {path}: {page}"
            );
        }
    });

    // A station closed with nobody voting: sealed, the paper counted twice, every guardian's
    // share; the commission signs on the page, and asks for files.
    let dir = tempfile::tempdir().unwrap();
    let sample = SampleElection::new(2, 5);
    let precinct = sample.precinct(0).to_string();
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(9);
    let station = station_of(&sample, 0, &dir.path().join("closed.db"), &mut rng);
    let (day, offset) = station.day();
    let evening = sailau_law::election_day::polls(day, offset).1 .0 + 3600;
    station
        .seal(sailau_law::election_day::Moment(evening))
        .unwrap();
    for contest in station.style_contests() {
        let c = station.definition().contest(&contest).unwrap();
        let entry = PaperEntry {
            votes: vec![0; station.definition().option_ids(c).len()],
            ..PaperEntry::default()
        };
        station.enter_paper("Aigerim", &contest, &entry).unwrap();
        station.enter_paper("Marat", &contest, &entry).unwrap();
    }
    let tally = station.encrypted_tally().unwrap();
    for key in &sample.guardians {
        let p = sailau_crypto::partial_decrypt(key, station.election(), &tally, &mut rng);
        let bytes = sailau_crypto::closing::partial_json(station.election(), &precinct, &tally, &p);
        station.add_partial(&bytes).unwrap();
    }
    let cards = CardRack::new(dir.path().join("cards")).unwrap();
    let app = StationApp::new(
        station,
        Vec::new(),
        cards,
        Clock::fixed(evening),
        None,
        PASSWORD,
    )
    .unwrap();
    s.rt.block_on(async {
        let cookie = sign_in(&app).await;
        let cookie = Some(cookie.as_str());
        let (status, page) = send(&app, "POST", "/console/close/sign", cookie, "").await;
        assert_eq!(status, 303, "signed: {page}");
        let (status, _) = send(&app, "GET", "/console/close/protocol.json", cookie, "").await;
        assert_eq!(status, 200, "the signed protocol is served");
        for name in [
            "election.json",
            "protocol.jsonl",
            "ballots.bin",
            "..",
            "key",
        ] {
            let path = format!("/console/close/{name}");
            let (status, page) = send(&app, "GET", &path, cookie, "").await;
            assert_eq!(status, 404, "{name}: {page}");
            assert!(page.contains("no such file"), "{name}: {page}");
        }
    });
}

/// A CEC's service that counts what it is sent and takes it.
#[derive(Default)]
struct Counting(AtomicUsize);

impl Central for Counting {
    fn send(
        &self,
        _precinct: &str,
        _upload: Upload,
    ) -> Pin<Box<dyn Future<Output = Answer> + Send + '_>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok((201, "{}".to_string())) })
    }
}

/// T12: sending to the CEC with no `--central` is a 422 page saying the station is not
/// connected; with a central service but before the protocol is signed, a 422 page saying to
/// sign first, and nothing is sent.
#[test]
fn sending_to_the_cec_before_signing_or_with_no_central_service_is_422() {
    let alone = served(Clock::fixed(NOON), None);
    let before = held(&alone.db, &alone.voter, &alone.contest);
    alone.rt.block_on(async {
        let cookie = sign_in(&alone.app).await;
        let (status, page) =
            send(&alone.app, "POST", "/console/close/send", Some(&cookie), "").await;
        assert_eq!(status, 422, "{page}");
        assert!(
            page.contains("This station is not connected to the CEC’s service."),
            "{page}"
        );
    });
    assert_eq!(held(&alone.db, &alone.voter, &alone.contest), before);

    let cec = Arc::new(Counting::default());
    let online = served(Clock::fixed(NOON), Some(cec.clone() as Arc<dyn Central>));
    let before = held(&online.db, &online.voter, &online.contest);
    online.rt.block_on(async {
        let cookie = sign_in(&online.app).await;
        let (status, page) = send(
            &online.app,
            "POST",
            "/console/close/send",
            Some(&cookie),
            "",
        )
        .await;
        assert_eq!(status, 422, "{page}");
        assert!(page.contains("Sign the protocol first."), "{page}");
    });
    assert_eq!(cec.0.load(Ordering::SeqCst), 0, "nothing sent to the CEC");
    assert_eq!(held(&online.db, &online.voter, &online.contest), before);
}

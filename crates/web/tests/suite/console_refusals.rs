//! The commissions' console refusing what it must (docs/bad-input.md §2.11): a summary file
//! over 256 KiB (S118, a 413 page), and an account whose role signs no level (S119, a 403
//! page). Each refusal names its reason on the page and stores nothing: no signed summary
//! for the unit, no flag on it; the same summary, uploaded within the limit by its
//! territorial commission, is then accepted, so the checks of "nothing stored" can see a
//! stored one.

use sailau_server::auth::{self, Role};
use sailau_server::clock::Clock;
use sailau_server::sample::SampleElection;
use sailau_server::Service;
use std::sync::Arc;

/// 2023-03-19 21:00 in Astana (UTC+6): the polls are closed and protocols are in.
const EVENING: i64 = 1_679_238_000 + 3_600;
const PASSWORD: &str = "correct horse battery";
/// The territorial commission's signing key.
const TC_KEY: [u8; 32] = [7; 32];
/// 256 KiB: the largest summary file the console reads (docs/bad-input.md S118, S7).
const LIMIT: usize = 256 * 1024;
const BOUNDARY: &str = "sailau-test-boundary";

/// A service with the sample election, every precinct reported, a territorial commission
/// of precinct 0's region and the accounts of the roles that sign no level.
struct Console {
    rt: tokio::runtime::Runtime,
    service: Arc<Service>,
    sample: SampleElection,
    /// The territorial commission's unit: precinct 0's region.
    unit: String,
    _dir: tempfile::TempDir,
}

struct Answer {
    status: u16,
    body: String,
    cookie: Option<String>,
}

impl Console {
    fn new() -> Console {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("s.db").display());
        let service = Service::open(&url, 2, Clock::fixed(EVENING)).unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let sample = SampleElection::new(2, 11);
        let unit = sample
            .def
            .region_of(sample.precinct(0))
            .unwrap()
            .to_string();
        let c = Console {
            rt,
            service,
            sample,
            unit,
            _dir: dir,
        };
        c.add("cec-admin", Role::Cec, None, None);
        let token = {
            let login = format!(r#"{{"name":"cec-admin","password":"{PASSWORD}"}}"#);
            let a = c.call("POST", "/api/session", &json(), login.into_bytes());
            assert_eq!(a.status, 201, "{}", a.body);
            let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
            v["token"].as_str().unwrap().to_string()
        };
        let bearer = format!("Bearer {token}");
        let headers = [
            ("authorization", bearer.as_str()),
            ("content-type", "application/json"),
        ];
        let a = c.call(
            "PUT",
            "/api/election",
            &headers,
            c.sample.upload().into_bytes(),
        );
        assert_eq!(a.status, 201, "{}", a.body);
        for i in 0..c.sample.def.precincts.len() {
            let path = format!("/api/precincts/{}/protocol", c.sample.precinct(i));
            let a = c.call("PUT", &path, &json(), c.sample.signed_protocol(i));
            assert_eq!(a.status, 201, "{}", a.body);
        }
        let unit = c.unit.clone();
        c.add("tc", Role::Territorial, Some(&unit), Some(&TC_KEY));
        c
    }

    /// An account of `role`, with the public half of `key` as its signing key if given.
    fn add(&self, name: &str, role: Role, unit: Option<&str>, key: Option<&[u8; 32]>) {
        let public = key.map(|k| {
            sailau_group::to_hex(
                ed25519_dalek::SigningKey::from_bytes(k)
                    .verifying_key()
                    .as_bytes(),
            )
        });
        self.service
            .db
            .transaction(|tx| auth::create_user(tx, name, PASSWORD, role, unit, public.as_deref()))
            .unwrap();
    }

    fn call(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Answer {
        let app = sailau_web::app(self.service.clone());
        let (status, body, cookie) = self
            .rt
            .block_on(super::certificates::call(app, method, path, headers, body));
        Answer {
            status,
            body,
            cookie,
        }
    }

    /// Signs `name` in on the console's form: the session cookie.
    fn sign_in(&self, name: &str) -> String {
        let form = format!("name={name}&password={}", PASSWORD.replace(' ', "+"));
        let headers = [("content-type", "application/x-www-form-urlencoded")];
        let a = self.call("POST", "/console/login", &headers, form.into_bytes());
        assert_eq!(a.status, 303, "{name} signs in: {}", a.body);
        a.cookie.expect("a session cookie")
    }

    /// `GET /console`, in English, with this session.
    fn inbox(&self, cookie: &str) -> Answer {
        let headers = [("cookie", cookie), ("accept-language", "en")];
        self.call("GET", "/console", &headers, Vec::new())
    }

    /// `POST /console/summary` of `file` as the form's one file field, in English.
    fn upload(&self, cookie: &str, file: &[u8]) -> Answer {
        let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
        let headers = [
            ("cookie", cookie),
            ("accept-language", "en"),
            ("content-type", content_type.as_str()),
        ];
        self.call("POST", "/console/summary", &headers, multipart(file))
    }

    /// The same upload over a real socket to the served app, as a browser sends it: the body
    /// arrives in pieces, not as one frame.
    fn upload_over_http(&self, cookie: &str, file: &[u8]) -> Answer {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let body = multipart(file);
        let app = sailau_web::app(self.service.clone());
        let cookie = cookie.to_string();
        let out = self.rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app).await });
            let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
            let head = format!(
                "POST /console/summary HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\
                 Accept-Language: en\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            s.write_all(head.as_bytes()).await.unwrap();
            // The service may answer and close before reading it all.
            let _ = s.write_all(&body).await;
            let mut out = Vec::new();
            let _ = s.read_to_end(&mut out).await;
            String::from_utf8_lossy(&out).into_owned()
        });
        let (head, body) = out.split_once("\r\n\r\n").unwrap_or((out.as_str(), ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no answer: {out}"));
        Answer {
            status,
            body: body.to_string(),
            cookie: None,
        }
    }

    /// The unit's summary, the sum the service recomputes, signed with `key`.
    fn summary(&self, key: &[u8; 32]) -> Vec<u8> {
        let e = self.service.election().unwrap();
        let (p, reported, total) = self
            .service
            .with_accepted(|a| a.summary(&e, &self.unit))
            .unwrap()
            .unwrap();
        assert_eq!(reported, total, "the level is complete");
        let key = ed25519_dalek::SigningKey::from_bytes(key);
        sailau_server::sample::sign_protocol(&key, p)
    }

    /// Whether a signed summary of the unit is stored: in the table, in the service's
    /// accepted state, or as a flag on the unit.
    fn stored(&self) -> (Vec<String>, bool, Vec<String>) {
        let (rows, flags) = self
            .service
            .db
            .transaction(|tx| {
                let rows = sailau_server::summaries::signed(tx)?;
                let flags = sailau_server::audit::flags(tx)
                    .map_err(sailau_server::error::ApiError::from)?;
                Ok::<_, sailau_server::error::ApiError>((rows, flags))
            })
            .unwrap();
        let held = self
            .service
            .with_accepted(|a| a.signed.contains_key(&self.unit));
        (
            rows.into_iter().map(|(u, ..)| u).collect(),
            held,
            flags
                .into_iter()
                .filter(|f| f.unit == self.unit)
                .map(|f| f.kind)
                .collect(),
        )
    }

    fn assert_nothing_stored(&self, when: &str) {
        let (rows, held, flags) = self.stored();
        assert!(rows.is_empty(), "{when}: summaries stored: {rows:?}");
        assert!(
            !held,
            "{when}: the service holds a signature of {}",
            self.unit
        );
        assert!(
            flags.is_empty(),
            "{when}: flags on {}: {flags:?}",
            self.unit
        );
    }
}

fn json() -> [(&'static str, &'static str); 1] {
    [("content-type", "application/json")]
}

/// A `multipart/form-data` body of one file field, `summary`, as the console's form sends.
fn multipart(file: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"summary\"; \
         filename=\"summary.json\"\r\nContent-Type: application/json\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// `signed`, padded with trailing spaces (still the same JSON) to exactly `size` bytes.
fn padded(signed: &[u8], size: usize) -> Vec<u8> {
    assert!(signed.len() < size);
    let mut v = signed.to_vec();
    v.resize(size, b' ');
    v
}

/// S118: a summary file just over 256 KiB gets a 413 page that says the file is too large,
/// and nothing is stored; the same summary at exactly 256 KiB is read and accepted.
#[test]
fn a_summary_file_over_256_kib_gets_a_413_page_and_nothing_is_stored() {
    let c = Console::new();
    let tc = c.sign_in("tc");
    let signed = c.summary(&TC_KEY);

    let a = c.upload(&tc, &padded(&signed, LIMIT + 1));
    assert_eq!(a.status, 413, "{}", a.body);
    assert!(a.body.starts_with("<!DOCTYPE html>"), "a page: {}", a.body);
    assert!(
        a.body
            .contains("The file is larger than any summary protocol."),
        "{}",
        a.body
    );
    assert!(
        !a.body.contains("The signed summary is accepted."),
        "{}",
        a.body
    );
    c.assert_nothing_stored("after a file of 256 KiB + 1 byte");
    let inbox = c.inbox(&tc);
    assert!(
        inbox.body.contains("action=\"/console/summary\""),
        "still to sign: {}",
        inbox.body
    );

    // The same summary, padded to exactly the limit, is not over it: read and accepted.
    let a = c.upload(&tc, &padded(&signed, LIMIT));
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(
        a.body.contains("The signed summary is accepted."),
        "{}",
        a.body
    );
    let (rows, held, _) = c.stored();
    assert_eq!(rows, vec![c.unit.clone()]);
    assert!(held);
}

/// S118, beyond axum's default 2 MB body limit, sent over a real socket as a browser does:
/// the same 413 page, the form's read error answered by its status, never taken as an empty
/// upload.
#[test]
fn a_summary_file_over_2_mb_gets_a_413_page_and_nothing_is_stored() {
    let c = Console::new();
    let tc = c.sign_in("tc");
    let signed = c.summary(&TC_KEY);

    let a = c.upload_over_http(&tc, &padded(&signed, 3 * 1024 * 1024));
    c.assert_nothing_stored("after a file of 3 MiB");
    assert_eq!(a.status, 413, "{}", a.body);
    assert!(a.body.contains("<!DOCTYPE html>"), "a page: {}", a.body);
    assert!(
        a.body
            .contains("The file is larger than any summary protocol."),
        "{}",
        a.body
    );
}

/// S119: an account whose role signs no level (guardian, observer, precinct, party) uploading
/// the right sum, signed with its own registered key, gets a 403 page naming the account
/// and its role, and nothing is stored; its inbox tells it the console is not its own and
/// offers no upload.
#[test]
fn an_account_whose_role_signs_no_level_gets_a_403_page_and_nothing_is_stored() {
    let c = Console::new();
    let precinct = c.sample.precinct(0).to_string();
    let accounts: [(&str, Role, Option<&str>, [u8; 32]); 4] = [
        ("guardian-1", Role::Guardian, None, [21; 32]),
        ("observer-1", Role::Observer, None, [22; 32]),
        (
            "precinct-1",
            Role::Precinct,
            Some(precinct.as_str()),
            [23; 32],
        ),
        ("amanat", Role::Party, Some("amanat"), [24; 32]),
    ];
    for (name, role, unit, key) in &accounts {
        c.add(name, *role, *unit, Some(key));
        let cookie = c.sign_in(name);
        let note = format!(
            "Account {name} is a {} account: this console is for territorial commissions \
             and the CEC.",
            role.name()
        );

        let a = c.upload(&cookie, &c.summary(key));
        assert_eq!(a.status, 403, "{name}: {}", a.body);
        assert!(a.body.starts_with("<!DOCTYPE html>"), "a page: {}", a.body);
        assert!(a.body.contains("Not allowed"), "{name}: {}", a.body);
        assert!(a.body.contains(&note), "{name}: {}", a.body);
        assert!(
            !a.body.contains("The signed summary is accepted."),
            "{}",
            a.body
        );
        c.assert_nothing_stored(name);

        // docs/web.md: "Other roles are told the console is not theirs."
        let inbox = c.inbox(&cookie);
        assert!(inbox.body.contains(&note), "{name}: {}", inbox.body);
        assert!(
            !inbox.body.contains("action=\"/console/summary\""),
            "{name} is offered the upload: {}",
            inbox.body
        );
    }
}

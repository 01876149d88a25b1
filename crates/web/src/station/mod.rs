//! A polling station's pages (`sailau station serve`): the precinct commission's console and
//! the voting terminals' ballot, served by the station itself so that it works when the line
//! to the CEC does not.
//!
//! - `/console`: the commission, signed in with the station's password: open the polls, the
//!   registration desk, the electronic ballot box, the mobile box's list, the paper count
//!   entered twice with its control relations checked as it is typed, and closing: seal, the
//!   terminals' statements, the guardians' partial decryptions, the signed protocol, and
//!   sending it all to the CEC;
//! - `/terminal/{device}`: the ballot, for the voter, one contest per screen.
//!
//! The station's database, the terminals' folders and the cards are those of
//! `sailau-station`; these pages only ask it. What the station sends the CEC goes through
//! [`Central`], so that the same pages can report over HTTP or, in a test, in process.

mod absentee;
mod cards;
mod close;
mod console;
mod count;
mod observers;
mod terminal;

pub use cards::{AnyCard, CardRack, NoCard, Readers};
pub use terminal::TerminalHandle;

use crate::layout::{error_in, Page, Section};
use crate::prefs::{cookie, Ctx};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::html;
use sailau_server::clock::Clock;
use sailau_station::Station;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use zeroize::Zeroizing;

/// What a station sends the CEC, each document exactly as signed.
#[derive(Clone, Debug)]
pub enum Upload {
    /// `PUT /api/precincts/{id}/turnout`.
    Turnout(Vec<u8>),
    /// `PUT /api/precincts/{id}/protocol`.
    Protocol(Vec<u8>),
    /// `PUT /api/precincts/{id}/record`.
    Record(Vec<u8>),
    /// `PUT /api/precincts/{id}/certificates/{number}` (issued) or
    /// `.../certificate-uses/{number}` (honoured): a signed certificate notice.
    Certificate(sailau_protocol::Act, String, Vec<u8>),
}

impl Upload {
    /// The service's path for `precinct`'s upload, and the body to `PUT` there.
    pub fn route(self, precinct: &str) -> (String, Vec<u8>) {
        let (what, body) = match self {
            Upload::Turnout(b) => ("turnout".to_string(), b),
            Upload::Protocol(b) => ("protocol".to_string(), b),
            Upload::Record(b) => ("record".to_string(), b),
            Upload::Certificate(sailau_protocol::Act::Issued, number, b) => {
                (format!("certificates/{number}"), b)
            }
            Upload::Certificate(sailau_protocol::Act::Used, number, b) => {
                (format!("certificate-uses/{number}"), b)
            }
        };
        (format!("/api/precincts/{precinct}/{what}"), body)
    }
}

/// The service's answer: its status and body.
pub type Answer = Result<(u16, String), String>;

/// The CEC's service, as the station reaches it.
pub trait Central: Send + Sync {
    /// Sends `upload` for `precinct` to the CEC: the status and body it answers, or why it failed.
    fn send(
        &self,
        precinct: &str,
        upload: Upload,
    ) -> Pin<Box<dyn Future<Output = Answer> + Send + '_>>;
}

/// One polling station's pages and what they drive.
pub struct StationApp {
    pub(crate) station: Mutex<Station>,
    pub(crate) precinct: String,
    /// The commission's number, as printed on the protocol.
    number: u32,
    pub(crate) terminals: Vec<TerminalHandle>,
    pub(crate) cards: CardRack,
    /// The station's "now": the system clock, or the training clock every console page announces.
    pub clock: Clock,
    pub(crate) central: Option<Arc<dyn Central>>,
    /// The commission's password, as an Argon2id PHC string.
    password: String,
    /// Live console sessions, by the SHA-256 of their token.
    sessions: Mutex<HashSet<[u8; 32]>>,
    /// The turnout hours sent to the CEC, with the service's answer.
    pub(crate) turnout_sent: Mutex<BTreeMap<u8, String>>,
    /// The closing, once signed: the record's files and the protocol.
    pub(crate) closing: Mutex<Option<sailau_station::closing::Closing>>,
    /// Those accredited to observe at this precinct, from the registry ([`StationApp::accredit`]).
    accredited: Mutex<Vec<sailau_registry::act::Accreditation>>,
}

impl StationApp {
    /// The pages of `station`, with the terminals it hosts, its card rack, its clock, the CEC
    /// it reports to (if any), and the commission's password.
    pub fn new(
        station: Station,
        terminals: Vec<sailau_station::terminal::Terminal>,
        cards: CardRack,
        clock: Clock,
        central: Option<Arc<dyn Central>>,
        password: &str,
    ) -> Result<Arc<StationApp>, String> {
        if password.chars().count() < 12 {
            return Err("the station's password: at least 12 characters".into());
        }
        let password = sailau_server::auth::hash_password(password).map_err(|e| e.to_string())?;
        let precinct = station.precinct().to_string();
        let number = station
            .definition()
            .precinct(&precinct)
            .map_or(0, |p| p.number);
        let terminals = terminals.into_iter().map(TerminalHandle::spawn).collect();
        Ok(Arc::new(StationApp {
            station: Mutex::new(station),
            precinct,
            number,
            terminals,
            cards,
            clock,
            central,
            password,
            sessions: Mutex::new(HashSet::new()),
            turnout_sent: Mutex::new(BTreeMap::new()),
            closing: Mutex::new(None),
            accredited: Mutex::new(Vec::new()),
        }))
    }

    /// Runs `work` on the station off the request loop.
    pub(crate) async fn with<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Station) -> T + Send + 'static,
    ) -> Result<T, String> {
        let app = self.clone();
        tokio::task::spawn_blocking(move || {
            let station = app.station.lock().unwrap_or_else(|p| p.into_inner());
            work(&station)
        })
        .await
        .map_err(|e| format!("a worker stopped: {e}"))
    }

    pub(crate) fn now(&self) -> sailau_law::election_day::Moment {
        sailau_law::election_day::Moment(self.clock.now())
    }

    /// The sealed station's decryption request for the guardians (docs/protocol.md §16).
    pub async fn decryption_request(self: &Arc<Self>) -> Result<Vec<u8>, String> {
        self.with(|s| s.decryption_request().map_err(|e| e.to_string()))
            .await
            .and_then(|r| r)
    }

    /// Takes the accredited observers of `registry` who may observe at this precinct: the
    /// console's list of whom the commission may record as present.
    pub fn accredit(&self, registry: &sailau_registry::State) {
        let here: Vec<_> = registry.observers.at(&self.precinct).cloned().collect();
        *self.accredited.lock().unwrap_or_else(|p| p.into_inner()) = here;
    }

    pub(crate) fn accredited(&self) -> Vec<sailau_registry::act::Accreditation> {
        self.accredited
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The precinct this station serves.
    pub fn precinct(&self) -> &str {
        &self.precinct
    }

    pub(crate) fn terminal(&self, device: &str) -> Option<&TerminalHandle> {
        self.terminals.iter().find(|t| t.device == device)
    }

    /// Sends every turnout hour that has come and not been sent: what a timer does every
    /// half minute, and the console's button at once.
    pub async fn sync_turnout(self: &Arc<Self>) {
        let Some(central) = self.central.clone() else {
            return;
        };
        let now = self.now();
        let sent: Vec<u8> = self
            .turnout_sent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|(_, answer)| answer.starts_with('2'))
            .map(|(h, _)| *h)
            .collect();
        let Ok((day, offset)) = self.with(|s| s.day()).await else {
            return;
        };
        let due: Vec<u8> = sailau_law::election_day::TURNOUT_HOURS
            .into_iter()
            .filter(|h| !sent.contains(h))
            .filter(|&h| sailau_law::election_day::Moment::local(day, h, 0, offset) <= now)
            .collect();
        for hour in due {
            let Ok(Ok(signed)) = self.with(move |s| s.signed_turnout(hour)).await else {
                continue;
            };
            let answer = central
                .send(
                    &self.precinct,
                    Upload::Turnout(signed.to_json().into_bytes()),
                )
                .await;
            let text = match answer {
                Ok((status, body)) => format!("{status} {body}"),
                Err(e) => format!("unreachable: {e}"),
            };
            self.turnout_sent
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(hour, text);
        }
    }

    fn session_of(&self, headers: &axum::http::HeaderMap) -> bool {
        let Some(token) = cookie(headers, "sailau_station") else {
            return false;
        };
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&digest)
    }
}

/// Serves the station's pages until Ctrl-C or SIGTERM, sending the turnout to the CEC at each
/// fixed hour whoever is at the console (every half minute it sends what has come due), and
/// every certificate notice the CEC has not yet answered.
pub async fn serve(app: Arc<StationApp>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let ticking = app.clone();
    let ticker = tokio::spawn(async move {
        loop {
            ticking.sync_turnout().await;
            let _ = ticking.sync_certificates().await;
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        }
    });
    let served = axum::serve(listener, router(app))
        .with_graceful_shutdown(sailau_server::shutdown_signal())
        .await;
    ticker.abort();
    served
}

/// The station's pages: the console (signed in) and the terminals (for voters).
pub fn router(app: Arc<StationApp>) -> Router {
    let console = Router::new()
        .route("/console", get(console::overview))
        .route("/console/open", post(console::open))
        .route("/console/desk", get(console::desk))
        .route("/console/desk/issue", post(console::issue))
        .route("/console/desk/mobile", post(console::request_mobile))
        .route("/console/desk/absentee", post(absentee::honour))
        .route("/console/certificates", get(absentee::page))
        .route("/console/certificates/issue", post(absentee::issue))
        .route("/console/certificates/send", post(absentee::send))
        .route("/console/mobile", get(console::mobile))
        .route(
            "/console/box",
            get(console::ballot_box).post(console::accept),
        )
        .route("/console/turnout", post(console::send_turnout))
        .route("/console/observers", get(observers::page))
        .route("/console/observers/arrive", post(observers::arrive))
        .route("/console/count", get(count::page))
        .route("/console/count/{contest}", post(count::enter))
        .route("/console/count/{contest}/check", post(count::check))
        .route("/console/close", get(close::page))
        .route("/console/close/seal", post(close::seal))
        .route("/console/close/terminals", post(close::terminals))
        .route("/console/close/request.json", get(close::request))
        .route("/console/close/partial", post(close::partial))
        .route("/console/close/sign", post(close::sign))
        .route("/console/close/send", post(close::send))
        .route("/console/close/{file}", get(close::file))
        .route(
            "/console/terminals/{device}/reset",
            post(console::reset_terminal),
        )
        .layer(axum::middleware::from_fn_with_state(app.clone(), signed_in));
    Router::new()
        .merge(console)
        .route("/", get(|| async { Redirect::to("/console") }))
        .route("/console/login", get(login_page).post(login))
        .route("/console/logout", post(logout))
        .merge(terminal::routes())
        .route("/prefs", get(crate::prefs::change))
        .route("/assets/{name}", get(crate::assets::serve))
        .layer(axum::middleware::from_fn(crate::layout::same_origin))
        .layer(axum::middleware::from_fn(no_store))
        .layer(axum::middleware::from_fn(crate::layout::headers))
        .with_state(app)
}

/// Console pages need a session; a request without one goes to the sign-in page.
async fn signed_in(State(app): State<Arc<StationApp>>, req: Request, next: Next) -> Response {
    if app.session_of(req.headers()) {
        return next.run(req).await;
    }
    if req.method() == Method::GET {
        return Redirect::to("/console/login").into_response();
    }
    (StatusCode::UNAUTHORIZED, "sign in first: /console/login").into_response()
}

/// Nothing of a station's day is kept by a browser's cache: a voter's choices and the
/// commission's screens leave no copy behind.
async fn no_store(req: Request, next: Next) -> Response {
    let mut r = next.run(req).await;
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[derive(Deserialize)]
struct Login {
    password: String,
}

/// The frame of a console page.
pub(crate) fn console_page(
    ctx: &Ctx,
    app: &StationApp,
    title: String,
    body: maud::Markup,
) -> Response {
    let training = app.clock.is_training();
    let number = app.number;
    let body = html! {
        @if training {
            p.training role="note" { (ctx.t("training-clock")) " " (sailau_law::election_day::Moment(app.clock.now()).to_string()) }
        }
        (body)
    };
    Page {
        ctx,
        section: Section::Station,
        title,
        election: Some(ctx.tr("precinct-number", &[("number", u64::from(number).into())])),
        body,
    }
    .render()
    .into_response()
}

async fn login_page(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    login_form(&ctx, &app, None)
}

fn login_form(ctx: &Ctx, app: &StationApp, error: Option<String>) -> Response {
    let body = html! {
        @if let Some(e) = &error { p.error role="alert" { (e) } }
        form method="post" action="/console/login" {
            label for="password" { (ctx.t("station-password")) }
            div.row {
                input #password name="password" type="password" autocomplete="current-password" required;
                button type="submit" { (ctx.t("sign-in")) }
            }
        }
    };
    console_page(ctx, app, ctx.t("console-title"), body)
}

async fn login(State(app): State<Arc<StationApp>>, ctx: Ctx, Form(f): Form<Login>) -> Response {
    let password = Zeroizing::new(f.password);
    let phc = app.password.clone();
    let ok =
        tokio::task::spawn_blocking(move || sailau_server::auth::check_password(&password, &phc))
            .await
            .unwrap_or(false);
    if !ok {
        // A second between guesses: the password is the console's only lock.
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        return login_form(&ctx, &app, Some(ctx.t("wrong-password")));
    }
    let mut raw = Zeroizing::new([0u8; 32]);
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, raw.as_mut());
    let token = Zeroizing::new(sailau_group::to_hex(raw.as_ref()));
    let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    app.sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(digest);
    let mut r = Redirect::to("/console").into_response();
    let cookie = format!(
        "sailau_station={}; Path=/; HttpOnly; SameSite=Strict",
        token.as_str()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

async fn logout(State(app): State<Arc<StationApp>>, headers: axum::http::HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, "sailau_station") {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        app.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&digest);
    }
    let mut r = Redirect::to("/console/login").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("sailau_station=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    r
}

/// A station error as a page in the reader's language: what was refused and why.
pub(crate) fn refused(ctx: &Ctx, message: &str) -> Response {
    error_in(
        ctx,
        Section::Station,
        StatusCode::UNPROCESSABLE_ENTITY,
        message,
        "/console",
    )
}

//! The HTTP interface: one table of routes with who may call each ([`routes`]), from which
//! the router, the authorization test and the OpenAPI check all read. The handlers are in
//! `accounts` (sessions, accounts, the election's definition, attestations, the audit log),
//! `incoming` (what precincts and commissions send) and `reads` (what everyone may read).

use crate::auth::{self, Role, User};
use crate::election::{Election, Upload, DOCUMENTS};
use crate::error::ApiError;
use crate::records::{self, RecordUpload};
use crate::uploads::{self, Outcome};
use crate::{audit, blocking, Service};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, MatchedPath, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

mod accounts;
mod incoming;
mod paper;
mod reads;
mod registries;

use accounts::*;
use incoming::*;
use paper::*;
use reads::*;
use registries::*;

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without credentials.
    Public,
    /// Anyone who brings a valid station signature in the body: the signature is the
    /// credential, whoever relays it.
    Station,
    /// A signed-in person with one of these roles.
    Roles(&'static [Role]),
}

/// One row of the route table: what a request names, and who may make it.
pub struct Route {
    /// The HTTP method, in capitals (`GET`, `PUT`, ...).
    pub method: &'static str,
    /// The path template, as the router matches it (`/api/precincts/{precinct}/protocol`).
    pub path: &'static str,
    /// Who may call it: anyone, a station's signature, or accounts of some roles.
    pub access: Access,
}

const ANY_ROLE: &[Role] = &Role::ALL;
const CEC: &[Role] = &[Role::Cec];
const TERRITORIAL: &[Role] = &[Role::Territorial];
const GUARDIAN: &[Role] = &[Role::Guardian];
const COMMISSIONS: &[Role] = &[Role::Cec, Role::Territorial, Role::Precinct];
const AUDITORS: &[Role] = &[Role::Cec, Role::Territorial, Role::Observer];

type Handler = axum::routing::MethodRouter<Arc<Service>>;

/// Every route with who may call it and its handler: the router is built from this table,
/// so what is served and what the authorization test and `openapi.json` cover are one list.
fn table() -> Vec<(Route, Handler)> {
    use Access::{Public, Roles, Station};
    let r = |method, path, access, h: Handler| {
        (
            Route {
                method,
                path,
                access,
            },
            h,
        )
    };
    let protocol_limit = || DefaultBodyLimit::max(uploads::PROTOCOL_LIMIT);
    let certificate_limit = || DefaultBodyLimit::max(crate::certificates::CERTIFICATE_LIMIT);
    vec![
        r("GET", "/api/health", Public, get(health)),
        r("GET", "/api/openapi.json", Public, get(openapi)),
        r("GET", "/metrics", Public, get(metrics)),
        r("POST", "/api/session", Public, post(sign_in)),
        r("GET", "/api/session", Roles(ANY_ROLE), get(whoami)),
        r("DELETE", "/api/session", Roles(ANY_ROLE), delete(sign_out)),
        r("POST", "/api/users", Roles(CEC), post(create_user)),
        r("PUT", "/api/election", Roles(CEC), put(put_election)),
        r("GET", "/api/election", Public, get(get_election)),
        r("GET", "/api/record/{document}", Public, get(get_document)),
        r("GET", "/api/record", Public, get(record)),
        r("GET", "/api/precincts", Public, get(precincts)),
        r(
            "PUT",
            "/api/precincts/{precinct}/protocol",
            Station,
            put(put_protocol).layer(protocol_limit()),
        ),
        r(
            "GET",
            "/api/precincts/{precinct}/protocol",
            Public,
            get(get_protocol),
        ),
        r(
            "PUT",
            "/api/precincts/{precinct}/record",
            Station,
            put(put_record).layer(DefaultBodyLimit::max(records::RECORD_LIMIT)),
        ),
        r(
            "GET",
            "/api/precincts/{precinct}/ballots.jsonl",
            Public,
            get(get_ballots),
        ),
        r(
            "GET",
            "/api/precincts/{precinct}/tally.json",
            Public,
            get(get_tally),
        ),
        r("GET", "/api/board", Public, get(board)),
        r("GET", "/api/board/head", Public, get(board_head)),
        r("GET", "/api/board/codes/{code}", Public, get(board_code)),
        r("GET", "/api/verification", Public, get(verification)),
        r(
            "GET",
            "/api/units/{unit}/summary",
            Public,
            get(unit_summary),
        ),
        r(
            "PUT",
            "/api/units/{unit}/protocol",
            Roles(TERRITORIAL),
            put(put_unit_protocol).layer(protocol_limit()),
        ),
        r(
            "PUT",
            "/api/national/protocol",
            Roles(CEC),
            put(put_national_protocol).layer(protocol_limit()),
        ),
        r("GET", "/api/results", Public, get(results)),
        r("GET", "/api/export/nist-err", Public, get(nist_err)),
        r("GET", "/api/flags", Public, get(flags)),
        r("GET", "/api/deadlines", Public, get(deadlines)),
        r(
            "PUT",
            "/api/precincts/{precinct}/turnout",
            Station,
            put(put_turnout).layer(DefaultBodyLimit::max(crate::turnout::TURNOUT_LIMIT)),
        ),
        r("GET", "/api/turnout", Public, get(turnout)),
        r(
            "PUT",
            "/api/precincts/{precinct}/certificates/{number}",
            Station,
            put(put_certificate).layer(certificate_limit()),
        ),
        r(
            "PUT",
            "/api/precincts/{precinct}/certificate-uses/{number}",
            Station,
            put(put_certificate_use).layer(certificate_limit()),
        ),
        r("GET", "/api/certificates", Public, get(certificates)),
        r(
            "POST",
            "/api/registry/acts",
            Roles(ACTORS),
            post(post_act).layer(DefaultBodyLimit::max(crate::registry::ACT_LIMIT)),
        ),
        r("GET", "/api/paper-audit", Public, get(get_paper_audit)),
        r(
            "PUT",
            "/api/paper-audit/plan",
            Roles(CEC),
            put(put_plan).layer(DefaultBodyLimit::max(crate::paper_audit::PAPER_AUDIT_LIMIT)),
        ),
        r(
            "PUT",
            "/api/paper-audit/counts",
            Roles(CEC),
            put(put_counts).layer(DefaultBodyLimit::max(crate::paper_audit::PAPER_AUDIT_LIMIT)),
        ),
        r("GET", "/api/registry", Public, get(registry_figures)),
        r("GET", "/api/registry/ledger", Public, get(registry_ledger)),
        r(
            "POST",
            "/api/registry/ledger",
            Roles(CEC),
            post(post_ledger).layer(DefaultBodyLimit::max(crate::registry::LEDGER_LIMIT)),
        ),
        r(
            "GET",
            "/api/registry/candidates",
            Public,
            get(registry_candidates),
        ),
        r(
            "GET",
            "/api/registry/observers",
            Public,
            get(registry_observers),
        ),
        r("GET", "/api/registry/seats", Public, get(registry_seats)),
        r(
            "GET",
            "/api/registry/calendar",
            Public,
            get(registry_calendar),
        ),
        r("GET", "/api/audit", Roles(AUDITORS), get(audit_log)),
        r(
            "POST",
            "/api/guardians/attestation",
            Roles(GUARDIAN),
            post(attest),
        ),
        r(
            "GET",
            "/api/precincts/{precinct}/receipts",
            Roles(COMMISSIONS),
            get(receipts),
        ),
    ]
}

/// Every route and who may call it.
pub fn routes() -> Vec<Route> {
    table().into_iter().map(|(r, _)| r).collect()
}

/// The OpenAPI 3.1 document, written by hand and checked against [`routes`] by a test.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The API as a router: every route of [`routes`], counted and logged by [`observe`].
pub fn router(service: Arc<Service>) -> Router {
    let mut router = Router::new();
    for (route, handler) in table() {
        router = router.route(route.path, handler);
    }
    router
        // The election's documents are the largest other bodies: a definition of 10,000
        // precincts.
        .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
        .layer(middleware::from_fn_with_state(service.clone(), observe))
        .with_state(service)
}

/// Counts and times every request by its route template, and logs it (the pages use it too).
pub async fn observe(State(s): State<Arc<Service>>, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_string();
    let mut refused = None;
    if s.shared() && needs_catch_up(&method, &route, &s) {
        // Serve what memory holds if the store cannot be read now (a failover): the next
        // request catches up. A service that never read the election holds nothing worth
        // serving: "no election is defined yet" would be untrue, so it answers the failure
        // (503 while the store is unreachable).
        if let Err(err) = blocking(&s, |s| s.catch_up()).await {
            tracing::warn!(%err, "catching up with the store");
            if s.election().is_err() {
                refused = Some(err.into_response());
            }
        }
    }
    let response = match refused {
        Some(r) => r,
        None => next.run(req).await,
    };
    let status = response.status().as_u16();
    let took = started.elapsed();
    s.metrics
        .latency
        .get_or_create(&crate::metrics::RouteLabels {
            route: route.clone(),
        })
        .observe(took.as_secs_f64());
    s.metrics
        .requests
        .get_or_create(&crate::metrics::RequestLabels {
            method: method.clone(),
            route: route.clone(),
            status,
        })
        .inc();
    tracing::info!(%method, %route, status, micros = took.as_micros() as u64, "request");
    response
}

/// Whether a request reads what other services on the store may have added
/// (`Service::catch_up`). The stations' signed uploads are decided by the store alone, and
/// need only the election.
fn needs_catch_up(method: &str, route: &str, s: &Service) -> bool {
    const DECIDED_BY_THE_STORE: [&str; 4] = [
        "/api/precincts/{precinct}/protocol",
        "/api/precincts/{precinct}/turnout",
        "/api/precincts/{precinct}/certificates/{number}",
        "/api/precincts/{precinct}/certificate-uses/{number}",
    ];
    // What does not depend on the store at all.
    const STATIC: [&str; 4] = [
        "/api/health",
        "/api/openapi.json",
        "/metrics",
        "/assets/{name}",
    ];
    if STATIC.contains(&route) {
        return false;
    }
    method != "PUT" || !DECIDED_BY_THE_STORE.contains(&route) || s.election().is_err()
}

/// The bearer token of a request, if it brings one; a malformed header is refused.
fn bearer(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let text = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| {
            ApiError::Unauthenticated(
                "Authorization: give `Bearer TOKEN` from POST /api/session".into(),
            )
        })?;
    Ok(Some(text.to_string()))
}

/// The signed-in caller, who must hold one of `roles`.
async fn require(
    s: &Arc<Service>,
    headers: &HeaderMap,
    roles: &'static [Role],
) -> Result<User, ApiError> {
    let Some(token) = bearer(headers)? else {
        return Err(ApiError::Unauthenticated(
            "sign in first: POST /api/session".into(),
        ));
    };
    let user = blocking(s, move |s| {
        let now = s.clock.now();
        s.db.transaction(|tx| auth::session_user(tx, &token, now))
    })
    .await?
    .ok_or_else(|| ApiError::Unauthenticated("the session is unknown or has expired".into()))?;
    if !roles.contains(&user.role) {
        return Err(ApiError::Forbidden(format!(
            "a {} account may not do this",
            user.role.name()
        )));
    }
    Ok(user)
}

/// A JSON request body, its whole numbers spelled as digits (`crate::whole`): `449.0` is the
/// count 449 to JSON and to the OpenAPI document, so it is to the service too.
pub(super) struct JsonBody(pub Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for JsonBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(JsonBody(match crate::whole::whole_numbers(&body) {
            std::borrow::Cow::Borrowed(_) => body,
            std::borrow::Cow::Owned(v) => Bytes::from(v),
        }))
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de)
        .map_err(|e| ApiError::BadRequest(format!("{}: {}", e.path(), e.inner())))
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn metrics(State(s): State<Arc<Service>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        s.metrics.render(),
    )
        .into_response()
}

/// An upload's answer: 201 when accepted, 200 when it was accepted before, 409 for a second,
/// different one (already flagged); counted by outcome.
fn answer(s: &Service, kind: &str, outcome: Outcome) -> Result<Response, ApiError> {
    match outcome {
        Outcome::Done(r) => {
            let (status, label) = match r.status {
                uploads::Status::Accepted => (StatusCode::CREATED, "accepted"),
                uploads::Status::AlreadyAccepted => (StatusCode::OK, "repeated"),
            };
            s.metrics.upload(kind, label);
            Ok((status, Json(r)).into_response())
        }
        Outcome::Conflict(message) => {
            s.metrics.upload(kind, "conflict");
            Err(ApiError::Conflict(message))
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Page {
    #[serde(default)]
    after: i64,
    #[serde(default = "default_limit")]
    limit: i64,
}

fn default_limit() -> i64 {
    1000
}

/// A page's query, or the service's own JSON error (400) naming what is wrong with it, as
/// every other refusal is written.
fn page_of(
    q: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Result<Page, ApiError> {
    q.map(|Query(p)| p)
        .map_err(|e| ApiError::BadRequest(e.body_text()))
}

//! The HTTP interface: one table of routes with who may call each ([`routes`]), from which
//! the authorization test and the OpenAPI check both read, and the handlers.

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

pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
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
        r("GET", "/api/flags", Public, get(flags)),
        r("GET", "/api/deadlines", Public, get(deadlines)),
        r(
            "PUT",
            "/api/precincts/{precinct}/turnout",
            Station,
            put(put_turnout).layer(DefaultBodyLimit::max(crate::turnout::TURNOUT_LIMIT)),
        ),
        r("GET", "/api/turnout", Public, get(turnout)),
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
pub const OPENAPI: &str = include_str!("openapi.json");

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

/// Counts and times every request by its route template, and logs it.
async fn observe(State(s): State<Arc<Service>>, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_string();
    let response = next.run(req).await;
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    name: String,
    password: String,
}

async fn sign_in(State(s): State<Arc<Service>>, body: Bytes) -> Result<Response, ApiError> {
    let c: Credentials = parse(&body)?;
    s.limits.sign_in(&c.name)?;
    let password = zeroize::Zeroizing::new(c.password);
    let name = c.name;
    blocking(&s, move |s| {
        let now = s.clock.now();
        // A failed attempt is recorded too: guessing shows in the audit log.
        let outcome =
            s.db.transaction(|tx| auth::sign_in(tx, &name, &password, now));
        s.db.transaction(|tx| {
            let (action, detail) = match &outcome {
                Ok((u, ..)) => ("sign-in", format!("role {}", u.role.name())),
                Err(_) => ("sign-in-refused", String::new()),
            };
            // A name that is no account is not written down: it may be a password typed
            // into the wrong field.
            let known = tx
                .query_one("SELECT name FROM users WHERE name = $1", &[(&name).into()])?
                .is_some();
            let who = if known {
                name.as_str()
            } else {
                "(not an account)"
            };
            audit::append(tx, now, who, action, who, &detail)
        })?;
        let (user, token, expires) = outcome?;
        Ok((
            StatusCode::CREATED,
            Json(json!({
                "token": token.as_str(),
                "expires_at": expires,
                "name": user.name,
                "role": user.role,
                "unit": user.unit,
            })),
        )
            .into_response())
    })
    .await
}

async fn whoami(State(s): State<Arc<Service>>, headers: HeaderMap) -> Result<Response, ApiError> {
    let u = require(&s, &headers, ANY_ROLE).await?;
    Ok(Json(json!({ "name": u.name, "role": u.role, "unit": u.unit })).into_response())
}

async fn sign_out(State(s): State<Arc<Service>>, headers: HeaderMap) -> Result<Response, ApiError> {
    let u = require(&s, &headers, ANY_ROLE).await?;
    let token = bearer(&headers)?.expect("checked by require");
    blocking(&s, move |s| {
        let now = s.clock.now();
        s.db.transaction(|tx| {
            auth::sign_out(tx, &token)?;
            audit::append(tx, now, &u.name, "sign-out", &u.name, "")?;
            Ok::<_, ApiError>(())
        })
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    name: String,
    password: String,
    role: Role,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    signing_key: Option<String>,
}

async fn create_user(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let admin = require(&s, &headers, CEC).await?;
    let n: NewUser = parse(&body)?;
    let password = zeroize::Zeroizing::new(n.password);
    blocking(&s, move |s| {
        let now = s.clock.now();
        if let (Some(unit), Ok(e)) = (&n.unit, s.election()) {
            let known = e.precincts_of.contains_key(unit) || e.def.precinct(unit).is_some();
            if !known {
                return Err(ApiError::Unprocessable(format!(
                    "unit: {unit} is neither a unit nor a precinct of the election"
                )));
            }
        }
        s.db.transaction(|tx| {
            auth::create_user(
                tx,
                &n.name,
                &password,
                n.role,
                n.unit.as_deref(),
                n.signing_key.as_deref(),
            )?;
            let detail = format!(
                "role {}{}",
                n.role.name(),
                n.unit
                    .as_ref()
                    .map(|u| format!(", unit {u}"))
                    .unwrap_or_default()
            );
            audit::append(tx, now, &admin.name, "create-user", &n.name, &detail)?;
            Ok::<_, ApiError>(())
        })?;
        Ok((
            StatusCode::CREATED,
            Json(json!({ "name": n.name, "role": n.role, "unit": n.unit })),
        )
            .into_response())
    })
    .await
}

async fn put_election(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let admin = require(&s, &headers, CEC).await?;
    let up: Upload = parse(&body)?;
    blocking(&s, move |s| {
        let e = Election::from_documents(
            up.definition.as_bytes(),
            up.election.as_bytes(),
            up.stations.as_bytes(),
        )?;
        let now = s.clock.now();
        let id = e.id().to_string();
        let new = s.db.transaction(|tx| {
            let new = e.store(tx, now)?;
            if new {
                let detail = format!(
                    "definition sha256 {}, {} precincts",
                    crate::election::sha256_hex(up.definition.as_bytes()),
                    e.def.precincts.len()
                );
                audit::append(tx, now, &admin.name, "define-election", &id, &detail)?;
            }
            Ok::<_, ApiError>(new)
        })?;
        if new {
            s.set_election(e);
        }
        let status = if new {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        Ok((status, Json(json!({ "election": id, "new": new }))).into_response())
    })
    .await
}

async fn get_election(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let e = s.election()?;
    let docs: serde_json::Map<String, serde_json::Value> = e
        .documents
        .iter()
        .map(|(n, b)| (n.to_string(), json!(crate::election::sha256_hex(b))))
        .collect();
    Ok(Json(json!({
        "election": e.id(),
        "name": e.def.election.name,
        "date": e.def.election.date.to_string(),
        "bodies": e.def.election.bodies,
        "precincts": e.def.precincts.len(),
        "documents": docs,
    }))
    .into_response())
}

async fn get_document(
    State(s): State<Arc<Service>>,
    Path(document): Path<String>,
) -> Result<Response, ApiError> {
    let e = s.election()?;
    let (_, body) = e
        .documents
        .iter()
        .find(|(n, _)| *n == document)
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "{document}: the documents are {}",
                DOCUMENTS.join(", ")
            ))
        })?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response())
}

async fn put_protocol(
    State(s): State<Arc<Service>>,
    Path(precinct): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    s.limits.upload(&precinct)?;
    let e = s.election()?;
    let checked = uploads::check_protocol(&e, &precinct, &body);
    let signed = match checked {
        Ok(p) => p,
        Err(err) => {
            s.metrics.upload("protocol", "refused");
            return Err(err);
        }
    };
    let outcome = blocking(&s, move |s| {
        let now = s.clock.now();
        let outcome =
            s.db.transaction(|tx| uploads::store_protocol(tx, &precinct, &body, now))?;
        if let Outcome::Done(r) = &outcome {
            if r.status == uploads::Status::Accepted {
                s.accept(&precinct, signed.protocol);
            }
        }
        Ok(outcome)
    })
    .await?;
    answer(&s, "protocol", outcome)
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

async fn get_protocol(
    State(s): State<Arc<Service>>,
    Path(precinct): Path<String>,
) -> Result<Response, ApiError> {
    let body = blocking(&s, move |s| {
        s.db.transaction(|tx| {
            tx.query_one(
                "SELECT body FROM protocols WHERE precinct = $1",
                &[(&precinct).into()],
            )?
            .map(|r| r.into_iter().next().expect("a column").blob())
            .transpose()
            .map_err(ApiError::from)?
            .ok_or_else(|| ApiError::NotFound(format!("no protocol from precinct {precinct}")))
        })
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn precincts(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let e = s.election()?;
    let received: std::collections::HashMap<String, (String, i64)> = blocking(&s, |s| {
        s.db.transaction(|tx| {
            tx.query("SELECT precinct, sha256, at FROM protocols", &[])?
                .into_iter()
                .map(|r| Ok((r[0].text()?, (r[1].text()?, r[2].int()?))))
                .collect::<Result<_, crate::db::DbError>>()
                .map_err(ApiError::from)
        })
    })
    .await?;
    let list: Vec<serde_json::Value> = e
        .def
        .precincts
        .iter()
        .map(|p| {
            let got = received.get(&p.id);
            json!({
                "precinct": p.id,
                "number": p.number,
                "unit": p.unit,
                "protocol": got.map(|(sha, at)| json!({ "sha256": sha, "accepted_at": at })),
            })
        })
        .collect();
    Ok(Json(json!({ "precincts": list })).into_response())
}

async fn unit_summary(
    State(s): State<Arc<Service>>,
    Path(unit): Path<String>,
) -> Result<Response, ApiError> {
    let e = s.election()?;
    let summary = s
        .with_accepted(|a| a.summary(&e, &unit))
        .ok_or_else(|| ApiError::NotFound(format!("unit {unit} is not in the election")))?
        .map_err(|err| ApiError::Internal(format!("summing {unit}: {err}")))?;
    let (protocol, reported, total) = summary;
    let signed = s.with_accepted(|a| a.signed.get(&unit).cloned());
    Ok(Json(json!({
        "unit": unit,
        "signed": signed.map(|(by, at)| json!({ "by": by, "at": at })),
        "precincts": { "reported": reported, "total": total },
        "complete": reported == total,
        "protocol": protocol,
    }))
    .into_response())
}

async fn results(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let bytes = s.results_json()?;
    let mut r = bytes.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(r)
}

async fn flags(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let list = blocking(&s, |s| s.db.transaction(|tx| Ok(audit::flags(tx)?))).await?;
    Ok(Json(json!({ "flags": list })).into_response())
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

async fn audit_log(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    Query(page): Query<Page>,
) -> Result<Response, ApiError> {
    require(&s, &headers, AUDITORS).await?;
    let limit = page.limit.clamp(1, 10_000);
    let entries = blocking(&s, move |s| {
        s.db.transaction(|tx| Ok(audit::entries(tx, page.after, limit)?))
    })
    .await?;
    Ok(Json(json!({ "entries": entries })).into_response())
}

async fn put_record(
    State(s): State<Arc<Service>>,
    Path(precinct): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    s.limits.upload(&precinct)?;
    let e = s.election()?;
    let checked = parse::<RecordUpload>(&body).and_then(|up| {
        records::check_record(&e, &precinct, &up, s.seal(&precinct).as_ref()).map(|()| up)
    });
    let up = match checked {
        Ok(up) => up,
        Err(err) => {
            s.metrics.upload("record", "refused");
            return Err(err);
        }
    };
    let up = Arc::new(up);
    let stored = up.clone();
    let p = precinct.clone();
    let outcome = blocking(&s, move |s| {
        let now = s.clock.now();
        s.db.transaction(|tx| records::store_record(tx, &p, &stored, now))
    })
    .await?;
    if let Outcome::Done(r) = &outcome {
        if r.status == uploads::Status::Accepted {
            // Every proof is checked after the answer: the station need not wait for it.
            let s = s.clone();
            tokio::task::spawn_blocking(move || {
                if let Err(err) =
                    s.verify_stored(&e, &precinct, up.ballots.as_bytes(), up.tally.as_bytes())
                {
                    tracing::error!(%precinct, %err, "verifying a record");
                }
            });
        }
    }
    answer(&s, "record", outcome)
}

async fn record_file(
    s: &Arc<Service>,
    precinct: String,
    column: &'static str,
) -> Result<Response, ApiError> {
    let body = blocking(s, move |s| {
        s.db.transaction(|tx| {
            let sql = format!("SELECT {column} FROM records WHERE precinct = $1");
            tx.query_one(&sql, &[(&precinct).into()])?
                .map(|r| r.into_iter().next().expect("a column").blob())
                .transpose()
                .map_err(ApiError::from)?
                .ok_or_else(|| ApiError::NotFound(format!("no record from precinct {precinct}")))
        })
    })
    .await?;
    Ok(body.into_response())
}

async fn get_ballots(
    State(s): State<Arc<Service>>,
    Path(p): Path<String>,
) -> Result<Response, ApiError> {
    let mut r = record_file(&s, p, "ballots").await?;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/jsonl"),
    );
    Ok(r)
}

async fn get_tally(
    State(s): State<Arc<Service>>,
    Path(p): Path<String>,
) -> Result<Response, ApiError> {
    let mut r = record_file(&s, p, "tally").await?;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(r)
}

async fn board(
    State(s): State<Arc<Service>>,
    Query(page): Query<Page>,
) -> Result<Response, ApiError> {
    let limit = page.limit.clamp(1, 10_000);
    let entries = blocking(&s, move |s| {
        s.db.transaction(|tx| Ok(records::board(tx, page.after, limit)?))
    })
    .await?;
    Ok(Json(json!({ "entries": entries })).into_response())
}

async fn board_head(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let (seq, head) = blocking(&s, |s| {
        s.db.transaction(|tx| {
            let r = tx
                .query_one("SELECT seq, head FROM chains WHERE name = 'board'", &[])?
                .ok_or_else(|| ApiError::Internal("the board has no head".into()))?;
            Ok::<_, ApiError>((r[0].int()?, r[1].text()?))
        })
    })
    .await?;
    Ok(Json(json!({ "seq": seq, "chain": head })).into_response())
}

async fn board_code(
    State(s): State<Arc<Service>>,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let found = blocking(&s, move |s| {
        s.db.transaction(|tx| Ok(records::board_by_code(tx, &code)?))
    })
    .await?;
    if found.is_empty() {
        return Err(ApiError::NotFound(
            "no ballot with this confirmation code is on the board (yet)".into(),
        ));
    }
    Ok(Json(json!({ "entries": found })).into_response())
}

async fn verification(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let e = s.election()?;
    let rows = blocking(&s, |s| {
        s.db.transaction(|tx| {
            let verified: std::collections::HashMap<String, (bool, String)> = tx
                .query("SELECT precinct, passed, report FROM verifications", &[])?
                .into_iter()
                .map(|r| Ok((r[0].text()?, (r[1].int()? == 1, r[2].text()?))))
                .collect::<Result<_, crate::db::DbError>>()?;
            let recorded: std::collections::HashSet<String> = tx
                .query("SELECT precinct FROM records", &[])?
                .into_iter()
                .map(|r| r[0].text())
                .collect::<Result<_, _>>()?;
            Ok::<_, ApiError>((verified, recorded))
        })
    })
    .await?;
    let (verified, recorded) = rows;
    let mut counts = std::collections::BTreeMap::<&str, u64>::new();
    let list: Vec<serde_json::Value> = e
        .def
        .precincts
        .iter()
        .map(|p| {
            let (status, report) = match verified.get(&p.id) {
                Some((true, r)) => ("passed", Some(r)),
                Some((false, r)) => ("failed", Some(r)),
                None if recorded.contains(&p.id) => ("pending", None),
                None => ("no-record", None),
            };
            *counts.entry(status).or_default() += 1;
            json!({
                "precinct": p.id,
                "status": status,
                "report": report.and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok()),
            })
        })
        .collect();
    Ok(Json(json!({ "counts": counts, "precincts": list })).into_response())
}

async fn record(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let e = s.election()?;
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(16);
    let service = s.clone();
    tokio::task::spawn_blocking(move || {
        let writer =
            std::io::BufWriter::with_capacity(256 * 1024, crate::bundle::ChannelWriter(tx.clone()));
        if let Err(err) = crate::bundle::write_record(&service, writer) {
            tracing::error!(%err, "the record download stopped");
            let _ = tx.blocking_send(Err(std::io::Error::other(err.to_string())));
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let mut r = axum::body::Body::from_stream(stream).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-tar"),
    );
    let disposition = format!("attachment; filename=\"{}.tar\"", e.id());
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// The legal deadlines (`sailau_law::election_day`): each precinct's protocol within
/// [`PROTOCOLS_WITHIN_DAYS`](sailau_law::election_day::PROTOCOLS_WITHIN_DAYS) days, the final
/// results within [`RESULTS_WITHIN_DAYS`](sailau_law::election_day::RESULTS_WITHIN_DAYS), each
/// read at the precinct's own offset; and which units are late.
async fn deadlines(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    use sailau_law::election_day::{days_after, PROTOCOLS_WITHIN_DAYS, RESULTS_WITHIN_DAYS};
    let e = s.election()?;
    let received: std::collections::HashMap<String, i64> = blocking(&s, |s| {
        s.db.transaction(|tx| {
            tx.query("SELECT precinct, at FROM protocols", &[])?
                .into_iter()
                .map(|r| Ok((r[0].text()?, r[1].int()?)))
                .collect::<Result<_, crate::db::DbError>>()
                .map_err(ApiError::from)
        })
    })
    .await?;
    let now = s.clock.now();
    let day = e.def.election.date;
    let mut late_units = std::collections::BTreeMap::<String, u64>::new();
    let mut counts = std::collections::BTreeMap::<&str, u64>::new();
    let mut results_due = i64::MAX;
    let list: Vec<serde_json::Value> = e
        .def
        .precincts
        .iter()
        .map(|p| {
            let due = days_after(day, PROTOCOLS_WITHIN_DAYS, p.utc_offset).0;
            results_due = results_due.min(days_after(day, RESULTS_WITHIN_DAYS, p.utc_offset).0);
            let at = received.get(&p.id).copied();
            let status = match at {
                Some(at) if at < due => "on-time",
                Some(_) => "late",
                None if now >= due => "overdue",
                None => "awaiting",
            };
            *counts.entry(status).or_default() += 1;
            if status == "late" || status == "overdue" {
                for u in e.units_of(&p.id) {
                    *late_units.entry(u.clone()).or_default() += 1;
                }
            }
            json!({ "precinct": p.id, "unit": p.unit, "due": due, "received_at": at, "status": status })
        })
        .collect();
    let complete = received.len() == e.def.precincts.len();
    let results_status = match (complete, now >= results_due) {
        (true, _) => "all-protocols-in",
        (false, true) => "overdue",
        (false, false) => "awaiting",
    };
    Ok(Json(json!({
        "now": now,
        "protocols": { "within_days": PROTOCOLS_WITHIN_DAYS, "counts": counts },
        "results": { "within_days": RESULTS_WITHIN_DAYS, "due": results_due, "status": results_status },
        "late_units": late_units,
        "precincts": list,
    }))
    .into_response())
}

async fn put_turnout(
    State(s): State<Arc<Service>>,
    Path(precinct): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    s.limits.upload(&precinct)?;
    let e = s.election()?;
    let signed = match crate::turnout::check_turnout(&e, &precinct, &body, s.clock.now()) {
        Ok(t) => t,
        Err(err) => {
            s.metrics.upload("turnout", "refused");
            return Err(err);
        }
    };
    let outcome = blocking(&s, move |s| {
        let now = s.clock.now();
        s.db.transaction(|tx| crate::turnout::store_turnout(tx, &signed, &body, now))
    })
    .await?;
    answer(&s, "turnout", outcome)
}

async fn turnout(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let e = s.election()?;
    let v = blocking(&s, move |s| {
        let now = s.clock.now();
        s.db.transaction(|tx| Ok::<_, ApiError>(crate::turnout::published(tx, &e, now)?))
    })
    .await?;
    Ok(Json(v).into_response())
}

async fn put_unit_protocol(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    Path(unit): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let user = require(&s, &headers, TERRITORIAL).await?;
    if user.unit.as_deref() != Some(unit.as_str()) {
        return Err(ApiError::Forbidden(format!(
            "account {} acts for {}, not for {unit}",
            user.name,
            user.unit.as_deref().unwrap_or("no unit")
        )));
    }
    sign_level(s, user, unit, body).await
}

async fn put_national_protocol(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let user = require(&s, &headers, CEC).await?;
    sign_level(s, user, "national".into(), body).await
}

/// A commission's signed summary: accepted only if complete and equal to the recomputed sum
/// (`summaries`); a different one is flagged.
async fn sign_level(
    s: Arc<Service>,
    user: User,
    unit: String,
    body: Bytes,
) -> Result<Response, ApiError> {
    let signed = crate::summaries::check_signature(&user, &unit, &body)?;
    let e = s.election()?;
    let outcome = blocking(&s, move |s| {
        let now = s.clock.now();
        let outcome = s.db.transaction(|tx| {
            let signed_units: Vec<String> = crate::summaries::signed(tx)?
                .into_iter()
                .map(|(u, ..)| u)
                .collect();
            let sum =
                s.with_accepted(|a| crate::summaries::expected(&e, a, &unit, &signed_units))?;
            crate::summaries::store(tx, &user, &unit, &signed, &sum, &body, now)
        })?;
        if let Outcome::Done(r) = &outcome {
            if r.status == uploads::Status::Accepted {
                s.accept_signature(&unit, &user.name, now);
            }
        }
        Ok(outcome)
    })
    .await?;
    answer(&s, "summary", outcome)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Attestation {
    /// The SHA-256 of `election.json` as the guardian's own ceremony produced it.
    election_sha256: String,
}

/// A guardian attests that the published key record is the one their ceremony produced. A
/// guardian who finds otherwise is recorded, and flagged for all to see.
async fn attest(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let user = require(&s, &headers, GUARDIAN).await?;
    let a: Attestation = parse(&body)?;
    let e = s.election()?;
    let published = crate::election::sha256_hex(&e.documents[1].1);
    let agrees = a.election_sha256 == published;
    blocking(&s, move |s| {
        let now = s.clock.now();
        s.db.transaction(|tx| {
            let detail = format!("election.json sha256 {}", a.election_sha256);
            if agrees {
                audit::append(tx, now, &user.name, "attest-election-key", e.id(), &detail)?;
            } else {
                audit::append(tx, now, &user.name, "dispute-election-key", e.id(), &detail)?;
                audit::flag(
                    tx,
                    now,
                    "national",
                    "guardian-disputes-key",
                    &format!(
                        "guardian {} says election.json should have sha256 {}; the published one \
                         has {published}",
                        user.name, a.election_sha256
                    ),
                )?;
            }
            Ok::<_, ApiError>(())
        })
    })
    .await?;
    if agrees {
        Ok((StatusCode::CREATED, Json(json!({ "attested": true }))).into_response())
    } else {
        Err(ApiError::Conflict(
            "the published election.json is not the one you attest; your dispute is recorded \
             and flagged"
                .into(),
        ))
    }
}

/// What the service holds from a precinct, by digest, for its commission to compare with
/// what it sent: the precinct's own commission, a territorial commission above it, or the CEC.
async fn receipts(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    Path(precinct): Path<String>,
) -> Result<Response, ApiError> {
    let user = require(&s, &headers, COMMISSIONS).await?;
    let e = s.election()?;
    if e.def.precinct(&precinct).is_none() {
        return Err(ApiError::NotFound(format!(
            "precinct {precinct} is not in the election"
        )));
    }
    let over = match user.role {
        Role::Cec => true,
        Role::Precinct => user.unit.as_deref() == Some(precinct.as_str()),
        _ => user
            .unit
            .as_ref()
            .is_some_and(|u| e.units_of(&precinct).contains(u)),
    };
    if !over {
        return Err(ApiError::Forbidden(format!(
            "account {} does not act for precinct {precinct}",
            user.name
        )));
    }
    let v = blocking(&s, move |s| {
        s.db.transaction(|tx| {
            let one = |tx: &mut dyn crate::db::Tx, table: &str| {
                tx.query_one(
                    &format!("SELECT sha256, at FROM {table} WHERE precinct = $1"),
                    &[(&precinct).into()],
                )?
                .map(|r| Ok::<_, crate::db::DbError>(json!({ "sha256": r[0].text()?, "accepted_at": r[1].int()? })))
                .transpose()
            };
            let protocol = one(tx, "protocols")?;
            let record = one(tx, "records")?;
            let turnout: Vec<serde_json::Value> = tx
                .query(
                    "SELECT hour, sha256, at FROM turnout WHERE precinct = $1 ORDER BY hour",
                    &[(&precinct).into()],
                )?
                .into_iter()
                .map(|r| Ok::<_, crate::db::DbError>(json!({ "hour": r[0].int()?, "sha256": r[1].text()?, "accepted_at": r[2].int()? })))
                .collect::<Result<_, _>>()?;
            let flags: Vec<audit::Flag> = audit::flags(tx)?
                .into_iter()
                .filter(|f| f.unit == precinct)
                .collect();
            Ok::<_, ApiError>(json!({
                "precinct": precinct,
                "protocol": protocol,
                "record": record,
                "turnout": turnout,
                "flags": flags,
            }))
        })
    })
    .await?;
    Ok(Json(v).into_response())
}

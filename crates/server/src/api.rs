//! The HTTP interface: one table of routes with who may call each ([`ROUTES`]), from which
//! the authorization test and the OpenAPI check both read, and the handlers.

use crate::auth::{self, Role, User};
use crate::election::{Election, Upload, DOCUMENTS};
use crate::error::ApiError;
use crate::uploads::{self, Outcome};
use crate::{audit, blocking, Service};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, MatchedPath, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
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
const AUDITORS: &[Role] = &[Role::Cec, Role::Territorial, Role::Observer];

/// Every route. The router below must serve exactly these; a test checks it does, and that
/// `openapi.json` documents each.
pub const ROUTES: &[Route] = &[
    Route {
        method: "GET",
        path: "/api/health",
        access: Access::Public,
    },
    Route {
        method: "GET",
        path: "/api/openapi.json",
        access: Access::Public,
    },
    Route {
        method: "GET",
        path: "/metrics",
        access: Access::Public,
    },
    Route {
        method: "POST",
        path: "/api/session",
        access: Access::Public,
    },
    Route {
        method: "GET",
        path: "/api/session",
        access: Access::Roles(ANY_ROLE),
    },
    Route {
        method: "DELETE",
        path: "/api/session",
        access: Access::Roles(ANY_ROLE),
    },
    Route {
        method: "POST",
        path: "/api/users",
        access: Access::Roles(CEC),
    },
    Route {
        method: "PUT",
        path: "/api/election",
        access: Access::Roles(CEC),
    },
    Route {
        method: "GET",
        path: "/api/election",
        access: Access::Public,
    },
    Route {
        method: "GET",
        path: "/api/record/{document}",
        access: Access::Public,
    },
    Route {
        method: "GET",
        path: "/api/precincts",
        access: Access::Public,
    },
    Route {
        method: "PUT",
        path: "/api/precincts/{precinct}/protocol",
        access: Access::Station,
    },
    Route {
        method: "GET",
        path: "/api/precincts/{precinct}/protocol",
        access: Access::Public,
    },
    Route {
        method: "GET",
        path: "/api/units/{unit}/summary",
        access: Access::Public,
    },
    Route {
        method: "GET",
        path: "/api/results",
        access: Access::Public,
    },
    Route {
        method: "GET",
        path: "/api/flags",
        access: Access::Public,
    },
    Route {
        method: "GET",
        path: "/api/audit",
        access: Access::Roles(AUDITORS),
    },
];

/// The OpenAPI 3.1 document, written by hand and checked against [`ROUTES`] by a test.
pub const OPENAPI: &str = include_str!("openapi.json");

pub fn router(service: Arc<Service>) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi))
        .route("/metrics", get(metrics))
        .route("/api/session", post(sign_in).get(whoami).delete(sign_out))
        .route("/api/users", post(create_user))
        .route("/api/election", put(put_election).get(get_election))
        .route("/api/record/{document}", get(get_document))
        .route("/api/precincts", get(precincts))
        .route(
            "/api/precincts/{precinct}/protocol",
            put(put_protocol)
                .get(get_protocol)
                .layer(DefaultBodyLimit::max(uploads::PROTOCOL_LIMIT)),
        )
        .route("/api/units/{unit}/summary", get(unit_summary))
        .route("/api/results", get(results))
        .route("/api/flags", get(flags))
        .route("/api/audit", get(audit_log))
        // The election's documents are the largest bodies: a definition of 10,000 precincts.
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
            audit::append(tx, now, &name, action, &name, &detail)
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
    match outcome {
        Outcome::Done(r) => {
            let (status, label) = match r.status {
                uploads::Status::Accepted => (StatusCode::CREATED, "accepted"),
                uploads::Status::AlreadyAccepted => (StatusCode::OK, "repeated"),
            };
            s.metrics.upload("protocol", label);
            Ok((status, Json(r)).into_response())
        }
        Outcome::Conflict(message) => {
            s.metrics.upload("protocol", "conflict");
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
    Ok(Json(json!({
        "unit": unit,
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

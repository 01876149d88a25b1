//! Sessions, accounts, the election's definition, guardians' attestations, the audit log.

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    name: String,
    password: String,
}

pub(super) async fn sign_in(
    State(s): State<Arc<Service>>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let c: Credentials = parse(&body)?;
    s.limits.sign_in(&c.name)?;
    let password = zeroize::Zeroizing::new(c.password);
    let name = c.name;
    blocking(&s, move |s| {
        let (user, token, expires) = auth::sign_in_recorded(s, &name, &password)?;
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

pub(super) async fn whoami(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let u = require(&s, &headers, ANY_ROLE).await?;
    Ok(Json(json!({ "name": u.name, "role": u.role, "unit": u.unit })).into_response())
}

pub(super) async fn sign_out(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let u = require(&s, &headers, ANY_ROLE).await?;
    let token = bearer(&headers)?.expect("checked by require");
    blocking(&s, move |s| auth::sign_out_recorded(s, &u, &token)).await?;
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

pub(super) async fn create_user(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let admin = require(&s, &headers, CEC).await?;
    let n: NewUser = parse(&body)?;
    let password = zeroize::Zeroizing::new(n.password);
    blocking(&s, move |s| {
        let now = s.clock.now();
        // A party's account names its party, which the registries know, not the definition.
        let in_definition = n.role != Role::Party;
        if let (Some(unit), Ok(e), true) = (&n.unit, s.election(), in_definition) {
            let known = e.def.precincts_in(unit).is_some() || e.def.precinct(unit).is_some();
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

pub(super) async fn put_election(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
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

pub(super) async fn audit_log(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    query: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    require(&s, &headers, AUDITORS).await?;
    let page = page_of(query)?;
    let limit = page.limit.clamp(1, 10_000);
    let entries = blocking(&s, move |s| {
        s.db.transaction(|tx| Ok(audit::entries(tx, page.after, limit)?))
    })
    .await?;
    Ok(Json(json!({ "entries": entries })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Attestation {
    /// The SHA-256 of `election.json` as the guardian's own ceremony produced it.
    election_sha256: String,
}

/// A guardian attests that the published key record is the one their ceremony produced. A
/// guardian who finds otherwise is recorded, and flagged for all to see.
pub(super) async fn attest(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
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

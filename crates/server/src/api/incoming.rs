//! What precincts and commissions send: turnout, protocols, records, signed summaries; and
//! the receipts a commission reads back.

use super::*;

pub(super) async fn put_protocol(
    State(s): State<Arc<Service>>,
    Path(precinct): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let e = s.election()?;
    let signed = uploads::check_protocol(&e, &precinct, &body)
        .inspect_err(|_| s.metrics.upload("protocol", "refused"))?;
    let outcome = blocking(&s, move |s| {
        let now = s.clock.now();
        let budget = || s.limits.upload(&precinct);
        let outcome =
            s.db.transaction(|tx| uploads::store_protocol(tx, &precinct, &body, now, &budget))?;
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

pub(super) async fn put_record(
    State(s): State<Arc<Service>>,
    Path(precinct): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let e = s.election()?;
    let checked = parse::<RecordUpload>(&body).and_then(|up| {
        records::check_record(&e, &precinct, &up, s.seal(&precinct).as_ref()).map(|()| up)
    });
    let up = checked.inspect_err(|_| s.metrics.upload("record", "refused"))?;
    let up = Arc::new(up);
    let stored = up.clone();
    let p = precinct.clone();
    let outcome = blocking(&s, move |s| {
        let now = s.clock.now();
        let budget = || s.limits.upload(&p);
        s.db.transaction(|tx| records::store_record(tx, &p, &stored, now, &budget))
    })
    .await?;
    if let Outcome::Done(r) = &outcome {
        // A repeat is verified too while its record has no verification: the first upload's
        // commit may have taken while its answer was lost (the store failed over), and then
        // no service started the verification.
        let unverified = r.status == uploads::Status::Accepted || {
            let p = precinct.clone();
            blocking(&s, move |s| {
                Ok(s.db.transaction(|tx| records::status_of(tx, &p))?)
            })
            .await
            .is_ok_and(|v| v == Some(records::Verification::Pending))
        };
        if unverified {
            verify_later(s.clone(), e, precinct, up);
        }
    }
    answer(&s, "record", outcome)
}

/// Checks every proof of an accepted record after the answer: the station need not wait for
/// it. A store lost meanwhile (a failover) delays the outcome, and does not lose it: the
/// verification is stored once the store takes writes again.
fn verify_later(s: Arc<Service>, e: Arc<Election>, precinct: String, up: Arc<RecordUpload>) {
    tokio::task::spawn_blocking(move || {
        let (ballots, tally) = (up.ballots.as_bytes(), up.tally.as_bytes());
        let mut waited = 0;
        loop {
            match s.verify_stored(&e, &precinct, ballots, tally) {
                Err(ApiError::Unavailable(err)) if waited < 600 => {
                    tracing::warn!(%precinct, %err, "verifying a record: the store is unavailable; trying again");
                    std::thread::sleep(std::time::Duration::from_secs(1));
                    waited += 1;
                }
                Err(err) => break tracing::error!(%precinct, %err, "verifying a record"),
                Ok(_) => break,
            }
        }
    });
}

pub(super) async fn put_turnout(
    State(s): State<Arc<Service>>,
    Path(precinct): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let e = s.election()?;
    let signed = crate::turnout::check_turnout(&e, &precinct, &body, s.clock.now())
        .inspect_err(|_| s.metrics.upload("turnout", "refused"))?;
    let outcome = blocking(&s, move |s| {
        let now = s.clock.now();
        let budget = || s.limits.upload(&precinct);
        s.db.transaction(|tx| crate::turnout::store_turnout(tx, &signed, &body, now, &budget))
    })
    .await?;
    s.turnout_changed();
    answer(&s, "turnout", outcome)
}

pub(super) async fn put_certificate(
    State(s): State<Arc<Service>>,
    Path((precinct, number)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    certificate_notice(s, precinct, number, sailau_protocol::Act::Issued, body).await
}

pub(super) async fn put_certificate_use(
    State(s): State<Arc<Service>>,
    Path((precinct, number)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    certificate_notice(s, precinct, number, sailau_protocol::Act::Used, body).await
}

/// A station's notice to the register of absentee certificates (`certificates`).
async fn certificate_notice(
    s: Arc<Service>,
    precinct: String,
    number: String,
    act: sailau_protocol::Act,
    body: Bytes,
) -> Result<Response, ApiError> {
    use crate::certificates::{check_notice, store_issued, store_used};
    let e = s.election()?;
    let checked = check_notice(&e, &precinct, &number, act, &body)
        .inspect_err(|_| s.metrics.upload("certificate", "refused"))?;
    let outcome = blocking(&s, move |s| {
        let now = s.clock.now();
        let budget = || s.limits.upload(&precinct);
        s.db.transaction(|tx| match act {
            sailau_protocol::Act::Issued => store_issued(tx, &checked.signed, &body, now, &budget),
            sailau_protocol::Act::Used => store_used(tx, &checked, &body, now, &budget),
        })
    })
    .await?;
    answer(&s, "certificate", outcome)
}

pub(super) async fn put_unit_protocol(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    Path(unit): Path<String>,
    JsonBody(body): JsonBody,
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

pub(super) async fn put_national_protocol(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let user = require(&s, &headers, CEC).await?;
    sign_level(s, user, "national".into(), body).await
}

/// A commission's signed summary: accepted only if complete and equal to the recomputed sum
/// (`summaries`); a different one is flagged.
pub(super) async fn sign_level(
    s: Arc<Service>,
    user: User,
    unit: String,
    body: Bytes,
) -> Result<Response, ApiError> {
    let outcome = blocking(&s, move |s| {
        crate::summaries::sign_level(s, &user, &unit, &body)
    })
    .await?;
    answer(&s, "summary", outcome)
}

/// What the service holds from a precinct, by digest, for its commission to compare with
/// what it sent: the precinct's own commission, a territorial commission above it, or the CEC.
pub(super) async fn receipts(
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

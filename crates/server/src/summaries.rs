//! Commissions sign their level. A territorial commission signs its unit's summary protocol,
//! and the CEC signs the national one. Each signs with the Ed25519 key registered with its
//! account. The service accepts a signed summary only when it is complete and equal, figure for
//! figure, to the sum it recomputes from the precincts' protocols. A summary that differs is
//! refused and flagged for everyone to see, with the contests that differ. The national summary
//! also waits until every region has signed.

use crate::audit;
use crate::auth::User;
use crate::db::Tx;
use crate::election::{sha256_hex, Election};
use crate::error::ApiError;
use crate::totals::Accepted;
use crate::uploads::{self, Outcome, Receipt, Status};
use ed25519_dalek::VerifyingKey;
use sailau_protocol::{Level, Protocol, SignedProtocol};

/// Checks the signature and the form; returns the protocol the commission signed.
pub fn check_signature(user: &User, unit: &str, body: &[u8]) -> Result<SignedProtocol, ApiError> {
    let text = std::str::from_utf8(body).map_err(|_| ApiError::BadRequest("not UTF-8".into()))?;
    let signed = SignedProtocol::from_json(text)
        .map_err(|e| ApiError::BadRequest(format!("not a signed protocol: {e}")))?;
    let key = user
        .signing_key
        .as_deref()
        .and_then(|k| sailau_group::from_hex32(k).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or_else(|| {
            ApiError::Forbidden(format!(
                "account {} has no signing key registered",
                user.name
            ))
        })?;
    uploads::check_signed(
        &key,
        Some(&signed.signer),
        &signed.signature,
        &SignedProtocol::message(&signed.protocol),
        &format!("the key registered for account {}", user.name),
    )?;
    let level = if unit == "national" {
        Level::National
    } else {
        Level::Territorial
    };
    if signed.protocol.level != level || signed.protocol.unit != unit {
        return Err(ApiError::Unprocessable(format!(
            "level and unit: {:?} {}, not {level:?} {unit}",
            signed.protocol.level, signed.protocol.unit
        )));
    }
    Ok(signed)
}

/// The sum the commission must have signed, if its level is complete (and, for the nation,
/// every region signed).
pub fn expected(
    e: &Election,
    accepted: &Accepted,
    unit: &str,
    signed_units: &[String],
) -> Result<Protocol, ApiError> {
    let (sum, reported, total) = accepted
        .summary(e, unit)
        .ok_or_else(|| ApiError::NotFound(format!("unit {unit} is not in the election")))?
        .map_err(|err| ApiError::Internal(format!("summing {unit}: {err}")))?;
    if reported < total {
        return Err(ApiError::Conflict(format!(
            "{reported} of {total} precincts of {unit} have reported; a commission signs a \
             complete level"
        )));
    }
    if unit == "national" {
        let missing: Vec<&str> = e
            .regions()
            .into_iter()
            .filter(|r| !signed_units.iter().any(|s| s == r))
            .collect();
        if !missing.is_empty() {
            return Err(ApiError::Conflict(format!(
                "the regions' commissions have not all signed: {} to come",
                missing.join(", ")
            )));
        }
    }
    Ok(sum)
}

/// Where a signed summary differs from the recomputed one, contest by contest.
pub fn differences(signed: &Protocol, sum: &Protocol) -> Vec<String> {
    let mut out = Vec::new();
    if signed.definition != sum.definition {
        out.push(format!(
            "definition: {} signed, the election's is {}",
            signed.definition, sum.definition
        ));
    }
    if signed.precincts != sum.precincts {
        out.push(format!(
            "precincts: {} signed, {} recomputed",
            signed.precincts, sum.precincts
        ));
    }
    for c in &sum.contests {
        match signed.contests.iter().find(|s| s.contest == c.contest) {
            Some(s) if s == c => {}
            Some(_) => out.push(format!(
                "contest {}: figures differ from the sum",
                c.contest
            )),
            None => out.push(format!("contest {}: missing", c.contest)),
        }
    }
    if signed.contests.len() != sum.contests.len() {
        out.push(format!(
            "{} contests signed, {} in the sum",
            signed.contests.len(),
            sum.contests.len()
        ));
    }
    if out.is_empty() && signed != sum {
        out.push("the protocol differs from the sum".into());
    }
    out
}

/// Stores a signed summary equal to the sum, or flags one that is not.
pub fn store(
    tx: &mut dyn Tx,
    user: &User,
    unit: &str,
    signed: &SignedProtocol,
    sum: &Protocol,
    body: &[u8],
    at: i64,
) -> Result<Outcome, ApiError> {
    let diff = differences(&signed.protocol, sum);
    if !diff.is_empty() {
        let message = format!(
            "the summary protocol of {unit} signed by {} is not the sum of its precincts' \
             protocols: {}",
            user.name,
            diff.join("; ")
        );
        audit::flag(tx, at, unit, "summary-mismatch", &message)?;
        return Ok(Outcome::Conflict(message));
    }
    let sha = sha256_hex(body);
    let sql = format!(
        "SELECT sha256, at FROM summaries WHERE unit = $1{}",
        tx.for_update()
    );
    if let Some(row) = tx.query_one(&sql, &[unit.into()])? {
        return uploads::earlier(
            tx,
            unit,
            &row,
            sha,
            at,
            "signed summary",
            "second-summary",
            &uploads::free,
        );
    }
    tx.execute(
        "INSERT INTO summaries (unit, sha256, at, body, signed_by) VALUES ($1, $2, $3, $4, $5)",
        &[
            unit.into(),
            (&sha).into(),
            at.into(),
            body.into(),
            (&user.name).into(),
        ],
    )?;
    audit::append(
        tx,
        at,
        &user.name,
        "sign-summary",
        unit,
        &format!("sha256 {sha}"),
    )?;
    Ok(Outcome::Done(Receipt {
        precinct: unit.into(),
        status: Status::Accepted,
        sha256: sha,
        accepted_at: at,
    }))
}

/// The units whose summaries are signed, with who signed and when.
pub fn signed(tx: &mut dyn Tx) -> Result<Vec<(String, String, i64)>, ApiError> {
    Ok(tx
        .query(
            "SELECT unit, signed_by, at FROM summaries ORDER BY unit",
            &[],
        )?
        .into_iter()
        .map(|r| Ok::<_, crate::db::DbError>((r[0].text()?, r[1].text()?, r[2].int()?)))
        .collect::<Result<_, _>>()?)
}

/// A commission's signed summary of `unit` (or `national`): its signature and form checked,
/// then accepted only if the level is complete and it equals the recomputed sum; a different
/// one is refused and flagged. The unit of work of `PUT /api/units/{unit}/protocol` and of the
/// commissions' console.
pub fn sign_level(
    s: &crate::Service,
    user: &User,
    unit: &str,
    body: &[u8],
) -> Result<Outcome, ApiError> {
    let signed = check_signature(user, unit, body)?;
    let e = s.election()?;
    let now = s.clock.now();
    let outcome = s.db.transaction(|tx| {
        let signed_units: Vec<String> = self::signed(tx)?.into_iter().map(|(u, ..)| u).collect();
        let sum = s.with_accepted(|a| expected(&e, a, unit, &signed_units))?;
        store(tx, user, unit, &signed, &sum, body, now)
    })?;
    if let Outcome::Done(r) = &outcome {
        if r.status == Status::Accepted {
            s.accept_signature(unit, &user.name, now);
        }
    }
    Ok(outcome)
}

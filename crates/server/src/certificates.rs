//! The register of absentee certificates (docs/server.md, "Absentee certificates"): the home
//! precinct's station registers each certificate its desk issues; a station that honours one
//! registers the use before it gives ballots, and a second use anywhere is refused. A use the
//! desk made while the service could not be reached arrives later, marked offline: it is
//! kept (the ballots were given), checked against the register, and always flagged, so the
//! CEC's inbox shows it with what the check found.
//!
//! The register keeps the holder's IIN, as the paper does, to refuse a certificate shown by
//! someone else; nothing it publishes names an IIN. The uses are serialized by the
//! `certificates` chain's lock, so two stations honouring one certificate at the same instant
//! cannot both succeed.

use crate::audit;
use crate::db::Tx;
use crate::election::{sha256_hex, Election};
use crate::error::ApiError;
use crate::uploads::{self, Budget, Outcome, Receipt, Status};
use sailau_protocol::{Act, CertificateNotice, SignedCertificateNotice};
use sailau_voters::absentee::{honoured_contests, Certificate};
use sailau_voters::Iin;
use serde::Serialize;

/// The largest certificate notice accepted, in bytes (413 beyond): a notice is a few hundred.
pub const CERTIFICATE_LIMIT: usize = 16 * 1024;

/// Checks a signed notice without the store: size (413), precinct (404), form (400),
/// signature (403), then what it says (422): its election, sender, act and number are the
/// request's, its IIN is valid, and the certificate is one its home precinct may issue and
/// the sender may honour. A use honoured offline passes with what is wrong with its
/// certificate in [`CheckedNotice::problems`], for [`store_used`] to keep and flag.
pub fn check_notice(
    e: &Election,
    precinct: &str,
    number: &str,
    act: Act,
    body: &[u8],
) -> Result<CheckedNotice, ApiError> {
    if body.len() > CERTIFICATE_LIMIT {
        return Err(ApiError::TooLarge(format!(
            "a certificate notice is at most {CERTIFICATE_LIMIT} bytes"
        )));
    }
    let key = e
        .station_key(precinct)
        .ok_or_else(|| ApiError::NotFound(format!("precinct {precinct} is not in the election")))?;
    let text = std::str::from_utf8(body).map_err(|_| ApiError::BadRequest("not UTF-8".into()))?;
    let signed = SignedCertificateNotice::from_json(text)
        .map_err(|e| ApiError::BadRequest(format!("not a signed certificate notice: {e}")))?;
    uploads::check_signed(
        key,
        Some(&signed.signer),
        &signed.signature,
        &SignedCertificateNotice::message(&signed.notice),
        &format!("precinct {precinct}'s station key"),
    )?;
    let n = &signed.notice;
    let mut problems = identity_problems(e, precinct, number, act, n);
    let content = if problems.is_empty() {
        content_problems(e, precinct, act, n)
    } else {
        Vec::new()
    };
    // A use honoured offline has given its ballots already: what is wrong with it is for the
    // CEC to see, kept and flagged, not a refusal the station alone would read.
    let offline_use = act == Act::Used && n.offline;
    if !offline_use {
        problems.extend(content.iter().cloned());
    }
    if problems.is_empty() {
        Ok(CheckedNotice {
            signed,
            problems: content,
        })
    } else {
        Err(ApiError::Unprocessable(format!(
            "certificate {number} from precinct {precinct}: {}",
            problems.join("; ")
        )))
    }
}

/// A notice whose form, signature and addressing are right.
pub struct CheckedNotice {
    /// The notice.
    pub signed: SignedCertificateNotice,
    /// What is wrong with the certificate it reports: always empty but for a use honoured
    /// offline, which is kept and flagged with these.
    pub problems: Vec<String>,
}

/// Is the notice of what the request names: its format, election, sender, act and number.
fn identity_problems(
    e: &Election,
    precinct: &str,
    number: &str,
    act: Act,
    n: &CertificateNotice,
) -> Vec<String> {
    let mut out = Vec::new();
    if n.format != sailau_protocol::CERTIFICATE_FORMAT {
        out.push(format!(
            "format: {}, not {}",
            n.format,
            sailau_protocol::CERTIFICATE_FORMAT
        ));
    }
    if n.election != e.id() || n.precinct != precinct || n.act != act || n.number != number {
        out.push(format!(
            "the notice is of {} {} by {} in {}, not of {number} {} by {precinct} in {}",
            n.number,
            n.act.name(),
            n.precinct,
            n.election,
            act.name(),
            e.id()
        ));
    }
    out
}

/// Is the certificate one its home precinct may issue and the sender may honour.
fn content_problems(e: &Election, precinct: &str, act: Act, n: &CertificateNotice) -> Vec<String> {
    let mut out = Vec::new();
    let iin = match Iin::parse(&n.iin) {
        Ok(iin) => iin,
        Err(err) => {
            out.push(format!("iin: {err}"));
            return out;
        }
    };
    let cert = Certificate {
        number: n.number.clone(),
        iin,
        home: n.home.clone(),
        contests: n.contests.clone(),
    };
    let contests = |p: &str| -> Vec<String> {
        e.def
            .contests_of(p)
            .into_iter()
            .map(|c| c.id.clone())
            .collect()
    };
    if e.def.precinct(&n.home).is_none() {
        out.push(format!("home: precinct {} is not in the election", n.home));
        return out;
    }
    if let Err(err) = cert.check(&contests(&n.home)) {
        out.push(err.to_string());
    }
    match act {
        Act::Issued => {
            if n.home != precinct {
                out.push(format!(
                    "home: {}, but precinct {precinct} registers it",
                    n.home
                ));
            }
            if n.offline {
                out.push("offline: an issue is never offline".into());
            }
        }
        Act::Used => {
            if let Err(err) = honoured_contests(&cert, precinct, &contests(precinct)) {
                out.push(err.to_string());
            }
        }
    }
    out
}

/// Registers a checked notice of issue, or recognises it again; a second, different notice
/// of the same number is flagged. A use that arrived before the issue (its home station was
/// offline) is checked against it now, and flagged if it differs.
pub fn store_issued(
    tx: &mut dyn Tx,
    signed: &SignedCertificateNotice,
    body: &[u8],
    at: i64,
    budget: Budget,
) -> Result<Outcome, ApiError> {
    let n = &signed.notice;
    let sha = sha256_hex(body);
    audit::lock_chain(tx, "certificates")?;
    let sql = "SELECT sha256, at FROM certificates WHERE number = $1";
    if let Some(row) = tx.query_one(sql, &[(&n.number).into()])? {
        return uploads::earlier(
            tx,
            &n.precinct,
            &row,
            sha,
            at,
            &format!("notice of certificate {}", n.number),
            "second-certificate",
            budget,
        );
    }
    budget()?;
    tx.execute(
        "INSERT INTO certificates (number, home, iin, contests, sha256, body, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            (&n.number).into(),
            (&n.home).into(),
            (&n.iin).into(),
            n.contests.join(" ").into(),
            (&sha).into(),
            body.into(),
            at.into(),
        ],
    )?;
    let uses = tx.query(
        "SELECT precinct, iin, home, contests FROM certificate_uses WHERE number = $1 \
         ORDER BY at, precinct",
        &[(&n.number).into()],
    )?;
    for u in uses {
        let (precinct, shown) = (u[0].text()?, [u[1].text()?, u[2].text()?, u[3].text()?]);
        if let Some(what) = differs(n, &shown) {
            let message = format!(
                "certificate {} was honoured at precinct {precinct} before precinct {} \
                 registered it, and its {what} as shown there differs from the registered one",
                n.number, n.home
            );
            audit::flag(tx, at, &precinct, "certificate-mismatch", &message)?;
        }
    }
    Ok(Outcome::Done(Receipt {
        precinct: n.precinct.clone(),
        status: Status::Accepted,
        sha256: sha,
        accepted_at: at,
    }))
}

/// What of `shown` (IIN, home, contests as stored) differs from the registered notice.
fn differs(registered: &CertificateNotice, shown: &[String; 3]) -> Option<&'static str> {
    if shown[0] != registered.iin {
        Some("holder's IIN")
    } else if shown[1] != registered.home {
        Some("home precinct")
    } else if shown[2] != registered.contests.join(" ") {
        Some("contests")
    } else {
        None
    }
}

/// Registers a checked notice of use. The same precinct's notice again is a repeat. A use
/// at a second precinct, or one that differs from the registered certificate, is refused
/// (409) and flagged; an offline use is kept whatever the check finds (its ballots were
/// given) and always flagged with what it found.
pub fn store_used(
    tx: &mut dyn Tx,
    checked: &CheckedNotice,
    body: &[u8],
    at: i64,
    budget: Budget,
) -> Result<Outcome, ApiError> {
    let n = &checked.signed.notice;
    let sha = sha256_hex(body);
    audit::lock_chain(tx, "certificates")?;
    let earlier = tx.query(
        "SELECT precinct, sha256, at FROM certificate_uses WHERE number = $1 ORDER BY at, precinct",
        &[(&n.number).into()],
    )?;
    let mut found: Vec<(&str, String)> = checked
        .problems
        .iter()
        .map(|p| ("certificate-invalid", p.clone()))
        .collect();
    for u in &earlier {
        let precinct = u[0].text()?;
        if precinct == n.precinct {
            // A retry: the first answer was lost, or the station sends again what it
            // honoured offline. The use is registered once.
            return Ok(Outcome::Done(Receipt {
                precinct,
                status: Status::AlreadyAccepted,
                sha256: u[1].text()?,
                accepted_at: u[2].int()?,
            }));
        }
        found.push((
            "certificate-used-twice",
            format!("it was already honoured at precinct {precinct}"),
        ));
    }
    let registered = tx.query_one(
        "SELECT iin, home, contests FROM certificates WHERE number = $1",
        &[(&n.number).into()],
    )?;
    if let Some(r) = &registered {
        let stored = [r[0].text()?, r[1].text()?, r[2].text()?];
        let as_registered = CertificateNotice {
            iin: stored[0].clone(),
            home: stored[1].clone(),
            contests: stored[2]
                .split(' ')
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect(),
            ..n.clone()
        };
        let shown = [n.iin.clone(), n.home.clone(), n.contests.join(" ")];
        if let Some(what) = differs(&as_registered, &shown) {
            found.push((
                "certificate-mismatch",
                format!(
                    "its {what} differs from the certificate precinct {} registered",
                    stored[1]
                ),
            ));
        }
    }
    budget()?;
    let what = format!(
        "certificate {} from precinct {} at precinct {}",
        n.number, n.home, n.precinct
    );
    if !n.offline && !found.is_empty() {
        let message = format!(
            "{what} refused: {}",
            found
                .iter()
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        );
        audit::flag(tx, at, &n.precinct, found[0].0, &message)?;
        return Ok(Outcome::Conflict(message));
    }
    tx.execute(
        "INSERT INTO certificate_uses (number, precinct, iin, home, contests, offline, sha256, \
         body, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            (&n.number).into(),
            (&n.precinct).into(),
            (&n.iin).into(),
            (&n.home).into(),
            n.contests.join(" ").into(),
            i64::from(n.offline).into(),
            (&sha).into(),
            body.into(),
            at.into(),
        ],
    )?;
    if n.offline {
        let checked = if found.is_empty() {
            match registered {
                Some(_) => "its first use, as registered".to_string(),
                None => format!("its first use; precinct {} has not registered it", n.home),
            }
        } else {
            found
                .iter()
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let kind = found.first().map_or("certificate-offline", |f| f.0);
        let message = format!(
            "{what} honoured while the service could not be reached, reported at closing: {checked}"
        );
        audit::flag(tx, at, &n.precinct, kind, &message)?;
        if !found.is_empty() {
            return Ok(Outcome::Conflict(format!("{message}; kept and flagged")));
        }
    }
    Ok(Outcome::Done(Receipt {
        precinct: n.precinct.clone(),
        status: Status::Accepted,
        sha256: sha,
        accepted_at: at,
    }))
}

/// The register in figures, as the CEC's inbox and `GET /api/certificates` show it.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Register {
    /// Certificates their home precincts registered.
    pub issued: u64,
    /// Uses registered (each certificate once, unless it was used twice offline).
    pub used: u64,
    /// Of those, uses honoured while the service could not be reached.
    pub offline: u64,
    /// Uses of certificates their home precinct has not registered.
    pub unregistered: u64,
    /// Certificates used at more than one precinct.
    pub used_twice: u64,
}

/// The register's figures.
pub fn register(tx: &mut dyn Tx) -> Result<Register, crate::db::DbError> {
    let count = |tx: &mut dyn Tx, sql: &str| -> Result<u64, crate::db::DbError> {
        Ok(tx.query_one(sql, &[])?.map_or(Ok(0), |r| r[0].int())? as u64)
    };
    Ok(Register {
        issued: count(tx, "SELECT count(*) FROM certificates")?,
        used: count(tx, "SELECT count(*) FROM certificate_uses")?,
        offline: count(
            tx,
            "SELECT count(*) FROM certificate_uses WHERE offline = 1",
        )?,
        unregistered: count(
            tx,
            "SELECT count(*) FROM certificate_uses u WHERE NOT EXISTS \
             (SELECT 1 FROM certificates c WHERE c.number = u.number)",
        )?,
        used_twice: count(
            tx,
            "SELECT count(*) FROM (SELECT number FROM certificate_uses GROUP BY number \
             HAVING count(*) > 1) t",
        )?,
    })
}

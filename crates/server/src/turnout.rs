//! Turnout during the day: each precinct's signed snapshot "as of HH:00" at the fixed hours
//! ([`TURNOUT_HOURS`]), and the figures the CEC publishes once an hour has come everywhere.
//!
//! A snapshot is refused before its hour has come at the station (nobody reports the 14:00
//! turnout at 13:00), when more have voted than are on the list, and when it would make the
//! precinct's turnout go down from one hour to the next. The same snapshot again changes
//! nothing; a different one for the same hour is refused and flagged.

use crate::db::{DbError, Tx};
use crate::election::Election;
use crate::error::ApiError;
use crate::uploads::{self, Outcome, Receipt, Status};
use sailau_law::election_day::{Moment, TURNOUT_HOURS};
use sailau_law::Ratio;
use sailau_protocol::SignedTurnout;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The largest turnout snapshot accepted, in bytes (413 beyond): a snapshot is a few hundred.
pub const TURNOUT_LIMIT: usize = 16 * 1024;

/// When `hour`:00 comes at a precinct.
fn hour_at(e: &Election, precinct: &str, hour: u8) -> Option<i64> {
    let p = e.def.precinct(precinct)?;
    Some(Moment::local(e.def.election.date, hour, 0, p.utc_offset).0)
}

/// Checks a signed snapshot without the store: size (413), precinct (404), form (400), signature
/// (403), then hour and figures (422).
pub fn check_turnout(
    e: &Election,
    precinct: &str,
    body: &[u8],
    now: i64,
) -> Result<SignedTurnout, ApiError> {
    if body.len() > TURNOUT_LIMIT {
        return Err(ApiError::TooLarge(format!(
            "a turnout snapshot is at most {TURNOUT_LIMIT} bytes"
        )));
    }
    let key = e
        .station_key(precinct)
        .ok_or_else(|| ApiError::NotFound(format!("precinct {precinct} is not in the election")))?;
    let text = std::str::from_utf8(body).map_err(|_| ApiError::BadRequest("not UTF-8".into()))?;
    let signed = SignedTurnout::from_json(text)
        .map_err(|e| ApiError::BadRequest(format!("not a signed turnout snapshot: {e}")))?;
    uploads::check_signed(
        key,
        Some(&signed.signer),
        &signed.signature,
        &SignedTurnout::message(&signed.turnout),
        &format!("precinct {precinct}'s station key"),
    )?;
    let t = &signed.turnout;
    let mut problems = Vec::new();
    if t.format != sailau_protocol::TURNOUT_FORMAT {
        problems.push(format!(
            "format: {}, not {}",
            t.format,
            sailau_protocol::TURNOUT_FORMAT
        ));
    }
    if t.precinct != precinct || t.election != e.id() {
        problems.push(format!(
            "precinct and election: {} of {}, not {precinct} of {}",
            t.precinct,
            t.election,
            e.id()
        ));
    }
    if !TURNOUT_HOURS.contains(&t.hour) {
        problems.push(format!(
            "hour: {}, turnout is published at {TURNOUT_HOURS:?}",
            t.hour
        ));
    } else if hour_at(e, precinct, t.hour).is_some_and(|at| now < at) {
        problems.push(format!(
            "hour: {}:00 has not yet come at precinct {precinct}",
            t.hour
        ));
    }
    if t.voted > t.registered {
        problems.push(format!(
            "voted ({}) > registered ({})",
            t.voted, t.registered
        ));
    }
    if problems.is_empty() {
        Ok(signed)
    } else {
        Err(ApiError::Unprocessable(format!(
            "turnout of precinct {precinct}: {}",
            problems.join("; ")
        )))
    }
}

/// Stores a checked snapshot, or recognises it, or flags a second, different one for its hour;
/// refuses (422) one that makes the precinct's turnout fall.
pub fn store_turnout(
    tx: &mut dyn Tx,
    signed: &SignedTurnout,
    body: &[u8],
    at: i64,
    budget: uploads::Budget,
) -> Result<Outcome, ApiError> {
    let t = &signed.turnout;
    let sha = crate::election::sha256_hex(body);
    let rows = tx.query(
        &format!(
            "SELECT hour, voted, sha256, at FROM turnout WHERE precinct = $1 ORDER BY hour{}",
            tx.for_update()
        ),
        &[(&t.precinct).into()],
    )?;
    for r in &rows {
        let (hour, voted) = (r[0].int()?, r[1].int()? as u64);
        if hour == i64::from(t.hour) {
            return uploads::earlier(
                tx,
                &t.precinct,
                &r[2..],
                sha,
                at,
                &format!("turnout snapshot for {}:00", t.hour),
                "second-turnout",
                budget,
            );
        }
        let falls = (hour < i64::from(t.hour) && voted > t.voted)
            || (hour > i64::from(t.hour) && voted < t.voted);
        if falls {
            return Err(ApiError::Unprocessable(format!(
                "turnout of precinct {}: {} voted by {}:00 but {voted} by {hour}:00; turnout \
                 never falls",
                t.precinct, t.voted, t.hour
            )));
        }
    }
    budget()?;
    tx.execute(
        "INSERT INTO turnout (precinct, hour, voted, registered, sha256, body, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            (&t.precinct).into(),
            i64::from(t.hour).into(),
            (t.voted as i64).into(),
            (t.registered as i64).into(),
            (&sha).into(),
            body.into(),
            at.into(),
        ],
    )?;
    Ok(Outcome::Done(Receipt {
        precinct: t.precinct.clone(),
        status: Status::Accepted,
        sha256: sha,
        accepted_at: at,
    }))
}

/// An hour is published once it has come at every station in the country (stations abroad
/// keep their hosts' clocks and would hold the country's figure back for half a day).
pub fn published_at(e: &Election, hour: u8) -> i64 {
    e.def
        .precincts
        .iter()
        .filter(|p| !p.abroad)
        .filter_map(|p| hour_at(e, &p.id, hour))
        .max()
        .unwrap_or(i64::MAX)
}

#[derive(Default)]
struct Sum {
    registered: u64,
    voted: u64,
    reporting: u64,
}

fn figure(s: &Sum, precincts: usize) -> Value {
    json!({
        "registered": s.registered,
        "voted": s.voted,
        "percent": (s.registered > 0)
            .then(|| Ratio::new(u128::from(s.voted), u128::from(s.registered)).percent(2)),
        "reporting": s.reporting,
        "precincts": precincts,
    })
}

/// The published turnout: for each hour that has come everywhere, the nation's and each
/// region's figures over the precincts that reported for that hour.
pub fn published(tx: &mut dyn Tx, e: &Election, now: i64) -> Result<Value, DbError> {
    let rows = tx.query("SELECT precinct, hour, voted, registered FROM turnout", &[])?;
    let mut by_hour: BTreeMap<i64, Vec<(String, u64, u64)>> = BTreeMap::new();
    for r in rows {
        by_hour.entry(r[1].int()?).or_default().push((
            r[0].text()?,
            r[2].int()? as u64,
            r[3].int()? as u64,
        ));
    }
    let regions = e.regions();
    let mut hours = Vec::new();
    for hour in TURNOUT_HOURS {
        let at = published_at(e, hour);
        if now < at {
            hours.push(json!({ "hour": hour, "published": false, "publishes_at": at }));
            continue;
        }
        let mut national = Sum::default();
        let mut by_region: BTreeMap<&str, Sum> =
            regions.iter().map(|r| (*r, Sum::default())).collect();
        for (precinct, voted, registered) in by_hour.get(&i64::from(hour)).into_iter().flatten() {
            for s in std::iter::once(&mut national).chain(
                e.units_of(precinct)
                    .last()
                    .and_then(|r| by_region.get_mut(r.as_str())),
            ) {
                s.registered += registered;
                s.voted += voted;
                s.reporting += 1;
            }
        }
        let regions: serde_json::Map<String, Value> = by_region
            .iter()
            .map(|(r, s)| {
                let n = e.def.precincts_in(r).map_or(0, <[String]>::len);
                (r.to_string(), figure(s, n))
            })
            .collect();
        hours.push(json!({
            "hour": hour,
            "published": true,
            "publishes_at": at,
            "national": figure(&national, e.def.precincts.len()),
            "regions": regions,
        }));
    }
    Ok(json!({ "election": e.id(), "hours": hours }))
}

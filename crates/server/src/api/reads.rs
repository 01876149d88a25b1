//! What everyone may read: the election, protocols, sums, results, turnout, deadlines, flags,
//! the board, the record and its verification.

use super::*;

pub(super) async fn get_election(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
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

pub(super) async fn get_document(
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

pub(super) async fn get_protocol(
    State(s): State<Arc<Service>>,
    Path(precinct): Path<String>,
) -> Result<Response, ApiError> {
    let body = blocking(&s, move |s| {
        s.db.transaction(|tx| {
            uploads::stored(tx, &precinct)?
                .ok_or_else(|| ApiError::NotFound(format!("no protocol from precinct {precinct}")))
        })
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

pub(super) async fn precincts(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let e = s.election()?;
    let received = blocking(&s, |s| s.db.transaction(|tx| Ok(uploads::received(tx)?))).await?;
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

pub(super) async fn unit_summary(
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

pub(super) async fn results(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let bytes = s.results_json()?;
    let mut r = bytes.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(r)
}

pub(super) async fn nist_err(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let bytes = blocking(&s, |s| s.nist_err()).await?;
    let mut r = bytes.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(r)
}

pub(super) async fn flags(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let list = blocking(&s, |s| s.db.transaction(|tx| Ok(audit::flags(tx)?))).await?;
    Ok(Json(json!({ "flags": list })).into_response())
}

pub(super) async fn certificates(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let figures = blocking(&s, |s| {
        s.db.transaction(|tx| Ok(crate::certificates::register(tx)?))
    })
    .await?;
    Ok(Json(figures).into_response())
}

pub(super) async fn record_file(
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

pub(super) async fn get_ballots(
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

pub(super) async fn get_tally(
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

pub(super) async fn board(
    State(s): State<Arc<Service>>,
    query: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let page = page_of(query)?;
    let limit = page.limit.clamp(1, 10_000);
    let entries = blocking(&s, move |s| {
        s.db.transaction(|tx| Ok(records::board(tx, page.after, limit)?))
    })
    .await?;
    Ok(Json(json!({ "entries": entries })).into_response())
}

pub(super) async fn board_head(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
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

pub(super) async fn board_code(
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

pub(super) async fn verification(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let e = s.election()?;
    let statuses = blocking(&s, |s| s.db.transaction(|tx| Ok(records::statuses(tx)?))).await?;
    let mut counts = std::collections::BTreeMap::<&str, u64>::new();
    let list: Vec<serde_json::Value> = e
        .def
        .precincts
        .iter()
        .map(|p| {
            let (status, report) = match statuses.get(&p.id) {
                Some(records::Verification::Passed(r)) => ("passed", Some(r)),
                Some(records::Verification::Failed(r)) => ("failed", Some(r)),
                Some(records::Verification::Pending) => ("pending", None),
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

pub(super) async fn record(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
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

/// The legal deadlines (`crate::deadlines`), and which units are late.
pub(super) async fn deadlines(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    use sailau_law::election_day::{PROTOCOLS_WITHIN_DAYS, RESULTS_WITHIN_DAYS};
    let e = s.election()?;
    let received = blocking(&s, |s| s.db.transaction(|tx| Ok(uploads::received(tx)?))).await?;
    let now = s.clock.now();
    let (dues, late_units, results_due) = crate::deadlines::precincts(&e, &received, now);
    let mut counts = std::collections::BTreeMap::<&str, u64>::new();
    let list: Vec<serde_json::Value> = dues
        .iter()
        .map(|d| {
            *counts.entry(d.status.name()).or_default() += 1;
            json!({ "precinct": d.precinct, "unit": d.unit, "due": d.due, "received_at": d.received_at, "status": d.status.name() })
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

pub(super) async fn turnout(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let e = s.election()?;
    let v = blocking(&s, move |s| {
        let now = s.clock.now();
        s.db.transaction(|tx| Ok::<_, ApiError>(crate::turnout::published(tx, &e, now)?))
    })
    .await?;
    Ok(Json(v).into_response())
}

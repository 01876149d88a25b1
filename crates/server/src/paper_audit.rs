//! The audit of the paper count as the CEC publishes it (docs/audit.md, "On the service"):
//! the plan, which the service makes again from the protocols it has accepted and refuses
//! unless it is the same, and the hand counts as they come in. Every upload is kept
//! (append-only, each in the audit log); the assessment is recomputed from the latest of
//! each, so the portal shows what anyone can recompute with `sailau audit assess`.

use crate::audit;
use crate::db::Tx;
use crate::error::ApiError;
use crate::Service;
use sailau_audit::{assess, Assessment, HandCounts, Plan};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The largest plan or file of hand counts taken: a national plan is a few megabytes.
pub const PAPER_AUDIT_LIMIT: usize = 64 * 1024 * 1024;

/// What is published of the audit: the plan, and the assessment of the latest hand counts.
pub struct Published {
    /// The plan.
    pub plan: Plan,
    /// The assessment, once hand counts have come in.
    pub assessment: Option<Assessment>,
    /// Precincts in the latest hand counts.
    pub counted: usize,
}

fn latest(tx: &mut dyn Tx, kind: &str) -> Result<Option<Vec<u8>>, ApiError> {
    let row = tx.query_one(
        "SELECT body FROM paper_audit WHERE kind = $1 ORDER BY seq DESC LIMIT 1",
        &[kind.into()],
    )?;
    match row.and_then(|r| r.into_iter().next()) {
        Some(v) => Ok(Some(v.blob()?)),
        None => Ok(None),
    }
}

fn store(s: &Service, kind: &str, body: &[u8], user: &str) -> Result<(), ApiError> {
    let now = s.clock.now();
    let digest = sailau_group::to_hex(&Sha256::digest(body));
    s.db.transaction(|tx| {
        let next = match tx
            .query_one("SELECT COALESCE(MAX(seq), 0) + 1 FROM paper_audit", &[])?
            .and_then(|r| r.into_iter().next())
        {
            Some(v) => v.int()?,
            None => 1,
        };
        tx.execute(
            "INSERT INTO paper_audit (seq, kind, at, body) VALUES ($1, $2, $3, $4)",
            &[next.into(), kind.into(), now.into(), body.to_vec().into()],
        )?;
        audit::append(tx, now, user, &format!("paper-audit-{kind}"), kind, &digest)?;
        Ok::<_, ApiError>(())
    })
}

/// Takes the CEC's plan: it must be the one the accepted protocols give for its own seed and
/// risk limit, every precinct having reported.
pub fn put_plan(s: &Service, body: &[u8], user: &str) -> Result<(), ApiError> {
    let election = s.election()?;
    let plan: Plan = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("not an audit plan: {e}")))?;
    let protocols: Vec<sailau_protocol::Protocol> =
        s.with_accepted(|a| a.protocols.values().cloned().collect());
    let ours = Plan::of_record(&election.def, &protocols, &plan.seed, &plan.risk_limit)
        .map_err(|e| ApiError::Conflict(format!("no plan can be made yet: {e}")))?;
    if ours != plan {
        return Err(ApiError::Unprocessable(
            "the plan is not the one the accepted protocols give for its seed and risk limit"
                .into(),
        ));
    }
    store(s, "plan", body, user)
}

/// Takes hand counts: of this election and definition, each precinct and contest once. Each
/// upload is the whole set counted so far.
pub fn put_counts(s: &Service, body: &[u8], user: &str) -> Result<usize, ApiError> {
    let election = s.election()?;
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::BadRequest("hand counts must be UTF-8 JSON".into()))?;
    // Not hand counts at all (another format among them) is 400; hand counts that contradict
    // themselves (a precinct or a contest counted twice) are 422, as the document says.
    let counts = HandCounts::read(text).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    counts
        .check()
        .map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    if counts.election != election.id() || counts.definition != election.def.digest().to_string() {
        return Err(ApiError::Unprocessable(
            "the hand counts are of another election or definition".into(),
        ));
    }
    let plan = s.db.transaction(|tx| latest(tx, "plan"))?;
    if let Some(p) = plan {
        let plan: Plan = serde_json::from_slice(&p).expect("a stored plan reads back");
        assess(&plan, &counts).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    } else {
        return Err(ApiError::Conflict(
            "no audit plan has been published yet".into(),
        ));
    }
    store(s, "counts", body, user)?;
    Ok(counts.precincts.len())
}

/// The plan and the assessment of the latest hand counts; none before a plan. Kept until
/// the next upload.
pub fn published(s: &Service) -> Result<Option<Arc<Published>>, ApiError> {
    enum Read {
        Cached(Arc<Published>),
        Stored(i64, Option<Vec<u8>>, Option<Vec<u8>>),
    }
    let read = s.db.transaction(|tx| {
        let seq = match tx
            .query_one("SELECT COALESCE(MAX(seq), 0) FROM paper_audit", &[])?
            .and_then(|r| r.into_iter().next())
        {
            Some(v) => v.int()?,
            None => 0,
        };
        if let Some((at, p)) = &*s.paper_audit.lock().unwrap_or_else(|p| p.into_inner()) {
            if *at == seq {
                return Ok::<_, ApiError>(Read::Cached(p.clone()));
            }
        }
        Ok(Read::Stored(
            seq,
            latest(tx, "plan")?,
            latest(tx, "counts")?,
        ))
    })?;
    let (seq, plan, counts) = match read {
        Read::Cached(p) => return Ok(Some(p)),
        Read::Stored(seq, plan, counts) => (seq, plan, counts),
    };
    let Some(plan) = plan else {
        return Ok(None);
    };
    let plan: Plan = serde_json::from_slice(&plan).expect("a stored plan reads back");
    let (assessment, counted) = match counts {
        None => (None, 0),
        Some(c) => {
            let c = HandCounts::parse(std::str::from_utf8(&c).unwrap_or_default())
                .map_err(|e| ApiError::Internal(format!("stored hand counts: {e}")))?;
            let a = assess(&plan, &c).map_err(|e| ApiError::Internal(e.0))?;
            (Some(a), c.precincts.len())
        }
    };
    let p = Arc::new(Published {
        plan,
        assessment,
        counted,
    });
    *s.paper_audit.lock().unwrap_or_else(|p| p.into_inner()) = Some((seq, p.clone()));
    Ok(Some(p))
}

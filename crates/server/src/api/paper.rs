//! The audit of the paper count's routes (docs/server.md, "The audit of the paper count"):
//! the CEC's plan and hand counts in, the plan and its assessment out.

use super::*;

pub(super) async fn put_plan(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let user = require(&s, &headers, CEC).await?;
    blocking(&s, move |s| {
        crate::paper_audit::put_plan(s, &body, &user.name)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(json!({ "stored": "plan" }))).into_response())
}

pub(super) async fn put_counts(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let user = require(&s, &headers, CEC).await?;
    let precincts = blocking(&s, move |s| {
        crate::paper_audit::put_counts(s, &body, &user.name)
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "stored": "counts", "precincts": precincts })),
    )
        .into_response())
}

pub(super) async fn get_paper_audit(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let published = blocking(&s, crate::paper_audit::published).await?;
    let v = match published {
        None => json!({ "plan": null }),
        Some(p) => json!({
            "plan": {
                "seed": p.plan.seed,
                "risk_limit": p.plan.risk_limit,
                "contests": p.plan.contests.iter().map(|c| json!({
                    "contest": c.contest,
                    "outcome": c.outcome,
                    "expected_draws": c.expected_draws,
                    "first_round": c.first_round,
                })).collect::<Vec<_>>(),
                "unaudited": p.plan.unaudited,
            },
            "counted": p.counted,
            "assessment": p.assessment,
        }),
    };
    Ok(Json(v).into_response())
}

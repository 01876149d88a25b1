//! The registries' routes (docs/server.md, "The registries"): acts in from commissions and
//! parties, and the public register out.

use super::*;
use sailau_registry::candidates::Status;

const REGISTRARS: &[Role] = &[Role::Cec, Role::Territorial, Role::Party];

/// The roles that make acts, for the route table.
pub(super) const ACTORS: &[Role] = REGISTRARS;

pub(super) async fn post_act(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let user = require(&s, &headers, REGISTRARS).await?;
    let act = crate::registry::parse_act(&body)?;
    let entry = blocking(&s, move |s| {
        crate::registry::append(&s.registry, &s.db, &user, act, s.clock.now())
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "seq": entry.seq, "act": entry.act.name(), "hash": entry.hash })),
    )
        .into_response())
}

/// A ledger kept elsewhere (the demo's `registry.jsonl`, `sailau registry append`), taken
/// whole by the CEC: its entries after those held, each checked on replay; refused whole
/// (422, the first at fault named) if they do not continue the stored ledger.
pub(super) async fn post_ledger(
    State(s): State<Arc<Service>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let user = require(&s, &headers, CEC).await?;
    let entries = crate::registry::parse_ledger(&body)?;
    let (added, head, held) = blocking(&s, move |s| {
        // Entries the service already holds, sent again (a second `sailau publish`), are
        // skipped when they are the very same entries.
        let (held, same) = {
            let r = s.registry.lock().unwrap_or_else(|p| p.into_inner());
            let held = r.entries().len();
            (
                held,
                entries.len() >= held && r.entries() == &entries[..held],
            )
        };
        let fresh = if same {
            entries[held..].to_vec()
        } else {
            entries
        };
        let added = crate::registry::import_by(
            &s.registry,
            &s.db,
            fresh,
            Some((&user.name, s.clock.now())),
        )?;
        let r = s.registry.lock().unwrap_or_else(|p| p.into_inner());
        Ok((added, r.head().to_string(), r.entries().len()))
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "added": added, "entries": held, "head": head })),
    )
        .into_response())
}

/// Runs `f` on the ledger off the request loop: a write may hold the lock while it stores.
async fn with_ledger<T: Send + 'static>(
    s: &Arc<Service>,
    f: impl FnOnce(&sailau_registry::Registry) -> T + Send + 'static,
) -> Result<T, ApiError> {
    blocking(s, move |s| {
        Ok(f(&s.registry.lock().unwrap_or_else(|p| p.into_inner())))
    })
    .await
}

pub(super) async fn registry_figures(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    Ok(Json(with_ledger(&s, |r| r.figures()).await?).into_response())
}

/// The whole ledger as JSON lines: what `sailau registry check` replays.
pub(super) async fn registry_ledger(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let text = with_ledger(&s, |r| {
        let mut out = String::new();
        for e in r.entries() {
            out.push_str(&serde_json::to_string(e).expect("an entry serializes"));
            out.push('\n');
        }
        out
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], text).into_response())
}

pub(super) async fn registry_candidates(
    State(s): State<Arc<Service>>,
) -> Result<Response, ApiError> {
    let v = with_ledger(&s, |r| {
        let st = r.state();
        let rows: Vec<serde_json::Value> = st
            .candidates
            .iter()
            .map(|c| {
                json!({
                    "id": c.person.id,
                    "name": c.person.name,
                    "birth_year": c.person.birth.year(),
                    "woman": c.person.woman,
                    "contest": c.contest,
                    "party": c.party,
                    "association": c.association,
                    "on_list": c.on_list,
                    "status": c.status,
                })
            })
            .collect();
        json!({ "candidates": rows, "statistics": st.stats(None) })
    })
    .await?;
    Ok(Json(v).into_response())
}

pub(super) async fn registry_observers(
    State(s): State<Arc<Service>>,
) -> Result<Response, ApiError> {
    Ok(Json(with_ledger(&s, |r| json!(r.state().observers)).await?).into_response())
}

/// Who sits: the deputies named to list seats and the single-seat winners, with their party.
pub(super) async fn registry_seats(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let v = with_ledger(&s, |r| {
        let st = r.state();
        let mut rows = Vec::new();
        for seat in st.seats.iter().filter(|x| x.given_up.is_none()) {
            let name = st.candidate(&seat.candidate).map(|c| c.person.name.clone());
            rows.push(json!({
                "seat": "list", "contest": seat.contest, "party": seat.party,
                "candidate": seat.candidate, "name": name.ok(),
            }));
        }
        for o in st.outcomes.iter().filter(|o| o.elected) {
            if let Ok(c) = st.candidate(&o.option) {
                if c.status == Status::Registered {
                    rows.push(json!({
                        "seat": "single", "contest": o.contest, "party": c.party,
                        "candidate": o.option, "name": c.person.name,
                    }));
                }
            }
        }
        json!({ "deputies": rows })
    })
    .await?;
    Ok(Json(v).into_response())
}

pub(super) async fn registry_calendar(State(s): State<Arc<Service>>) -> Result<Response, ApiError> {
    let schedule = with_ledger(&s, |r| r.state().election().map(|c| c.schedule.clone())).await?;
    let schedule = schedule.map_err(|_| ApiError::NotFound("no election is called yet".into()))?;
    Ok(Json(schedule).into_response())
}

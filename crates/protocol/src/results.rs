//! From a protocol to the law: each contest's count as the tally the law engine decides on,
//! and a whole body's contests as a `sailau-results/1` file, so that `sailau results` decides
//! an election's totals by the same road as any published result.

use crate::{ContestCount, Protocol};
use sailau_definition::{Checked, Language, AGAINST_ALL};
use sailau_law::{Choice, Contest};
use serde_json::{json, Value};

/// Why a count cannot be handed to the law.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TallyError {
    #[error("contest {0} is not in the definition")]
    UnknownContest(String),
    #[error("contest {0}: a total exceeds 18,446,744,073,709,551,615")]
    Overflow(String),
}

/// The law's tally of one contest's count: its options with their votes on paper and
/// electronically, "against all" apart, invalid ballots and blank electronic ones together.
pub fn law_contest(def: &Checked, count: &ContestCount) -> Result<Contest, TallyError> {
    let id = &count.contest;
    let c = def
        .contest(id)
        .ok_or_else(|| TallyError::UnknownContest(id.clone()))?;
    let fit = |x: u128| u64::try_from(x).map_err(|_| TallyError::Overflow(id.clone()));
    let names = def.option_labels(c, Language::English);
    let orders = def.registration_orders(c);
    let mut against_all = None;
    let mut options = Vec::new();
    for (i, o) in count.options.iter().enumerate() {
        if o.option == AGAINST_ALL {
            against_all = Some(fit(o.votes())?);
            continue;
        }
        options.push(Choice {
            id: o.option.clone(),
            name: names.get(i).cloned().unwrap_or_else(|| o.option.clone()),
            registration_order: orders.get(i).copied().unwrap_or(i as u32 + 1),
            votes: fit(o.votes())?,
        });
    }
    Ok(Contest {
        id: id.clone(),
        kind: def.kind(c),
        seats: c.seats,
        registered: Some(count.registered),
        ballots_cast: Some(fit(count.ballots_found())?),
        invalid: Some(fit(count.invalid())?),
        against_all,
        options,
        round: 1,
        constitutional: false,
        regions: vec![],
    })
}

/// The contests of `body` in `protocol` as a `sailau-results/1` file (docs/formats.md).
pub fn results_file(def: &Checked, protocol: &Protocol, body: &str) -> Result<Value, TallyError> {
    let mut contests = Vec::new();
    for count in &protocol.contests {
        let Some(c) = def.contest(&count.contest) else {
            return Err(TallyError::UnknownContest(count.contest.clone()));
        };
        if c.body != body {
            continue;
        }
        let t = law_contest(def, count)?;
        let mut o = serde_json::Map::new();
        o.insert("id".into(), json!(t.id));
        o.insert("kind".into(), json!(t.kind.name()));
        o.insert("name".into(), json!(c.name.en));
        if let Some(s) = t.seats {
            o.insert("seats".into(), json!(s));
        }
        o.insert("registered".into(), json!(t.registered));
        o.insert("ballots_cast".into(), json!(t.ballots_cast));
        o.insert("invalid".into(), json!(t.invalid));
        if let Some(a) = t.against_all {
            o.insert("against_all".into(), json!(a));
        }
        let options: Vec<Value> = t
            .options
            .iter()
            .map(|x| {
                json!({
                    "id": x.id,
                    "name": x.name,
                    "registration_order": x.registration_order,
                    "votes": x.votes,
                })
            })
            .collect();
        o.insert("options".into(), Value::Array(options));
        contests.push(Value::Object(o));
    }
    Ok(json!({
        "format": "sailau-results/1",
        "election": {
            "name": def.election.name.en,
            "kind": body,
            "date": def.election.date.to_string(),
        },
        "source": format!(
            "The {} protocol of {}, adding up {} precinct protocols",
            match protocol.level {
                crate::Level::National => "national",
                crate::Level::Territorial => "territorial",
                crate::Level::Precinct => "precinct",
            },
            protocol.unit,
            protocol.precincts
        ),
        "contests": contests,
    }))
}

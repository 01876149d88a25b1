//! Check 25: a second round follows from its certified first round (docs/formats.md,
//! "Second rounds"; docs/law.md, "President"). The record of a second round carries its
//! first round's whole record in `first-round/`, which is verified as any election; this
//! check then ties the two: the digest the second round names is the first round's
//! `definition.json`; the law, deciding the first round's count, sent exactly the second
//! round's two candidates on; and the second round's day lies in the window the edition in
//! force gives.

use super::definition::Contest;
use super::read::Read;
use sha2::{Digest, Sha256};

/// What the check needs of the first round, once it has been verified.
pub struct FirstRound {
    /// Its `definition.json`.
    pub definition: Vec<u8>,
    /// Per body: its published decisions, `results/BODY-decided.json`.
    pub decided: Vec<(String, Vec<u8>)>,
    /// Its failing checks, one line each: empty when its record verifies.
    pub failures: Vec<String>,
}

/// The folder of a second round's record that holds its first round's record.
pub const FIRST_ROUND: &str = "first-round";

/// 25: every second-round contest follows from the first round the record carries.
pub(crate) fn second_round(r: &Read) -> Vec<String> {
    let Ok(def) = &r.definition else {
        return Vec::new(); // check 24 names it
    };
    let runoffs: Vec<&Contest> = def.contests.iter().filter(|c| c.round == 2).collect();
    if runoffs.is_empty() {
        return Vec::new();
    }
    let Some(first) = &r.files.first_round else {
        return vec![format!(
            "the election holds a second round, and the record has no {FIRST_ROUND}/ with the first"
        )];
    };
    let mut fails: Vec<String> = first
        .failures
        .iter()
        .map(|f| format!("{FIRST_ROUND}/ does not verify: {f}"))
        .collect();
    let digest = sailau_group::to_hex(&Sha256::digest(&first.definition));
    let first_def: Result<super::definition::Definition, _> =
        serde_json::from_slice(&first.definition);
    let first_date = first_def.as_ref().ok().map(|d| d.election.date.clone());
    for c in runoffs {
        let Some(link) = &c.first_round else {
            fails.push(format!("contest {}: round 2 without its first_round", c.id));
            continue;
        };
        if link.definition != digest {
            fails.push(format!(
                "contest {}: it follows definition {}, but {FIRST_ROUND}/definition.json is {digest}",
                c.id, link.definition
            ));
            continue;
        }
        if first_date.as_deref() != Some(link.date.as_str()) {
            fails.push(format!(
                "contest {}: its first round was held on {}, not on {}",
                c.id,
                first_date.as_deref().unwrap_or("?"),
                link.date
            ));
        }
        match sent_on(first, &link.contest) {
            Err(e) => fails.push(format!("contest {}: {e}", c.id)),
            Ok(two) => {
                let mut mine: Vec<&str> = c.options.iter().map(|o| o.id.as_str()).collect();
                let mut theirs: Vec<&str> = two.iter().map(String::as_str).collect();
                mine.sort_unstable();
                theirs.sort_unstable();
                if mine != theirs {
                    fails.push(format!(
                        "contest {}: its candidates are {}, but the law sent {} on from the first round",
                        c.id,
                        mine.join(" and "),
                        theirs.join(" and ")
                    ));
                }
            }
        }
        if let Err(e) = in_window(&def.election.date, &link.date, &c.body) {
            fails.push(format!("contest {}: {e}", c.id));
        }
    }
    fails
}

/// The two the first round's published decisions sent to a second round in `contest`.
fn sent_on(first: &FirstRound, contest: &str) -> Result<[String; 2], String> {
    for (body, bytes) in &first.decided {
        let v: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| format!("{FIRST_ROUND}/results/{body}-decided.json: {e}"))?;
        let Some(contests) = v["contests"].as_array() else {
            continue;
        };
        if let Some(d) = contests.iter().find(|d| d["id"] == contest) {
            if d["outcome"] != "runoff" {
                return Err(format!(
                    "the first round's {contest} was decided '{}', not 'runoff'",
                    d["outcome"].as_str().unwrap_or("?")
                ));
            }
            let two = d["runoff"]
                .as_array()
                .filter(|a| a.len() == 2)
                .and_then(|a| Some([a[0].as_str()?.to_string(), a[1].as_str()?.to_string()]))
                .ok_or_else(|| format!("the first round's {contest} names no two"))?;
            return Ok(two);
        }
    }
    Err(format!(
        "the first round's published decisions have no contest {contest}"
    ))
}

/// Is a second round on `date` inside the window the law gives after a first on `first`?
fn in_window(date: &str, first: &str, body: &str) -> Result<(), String> {
    let parse = |d: &str| {
        d.parse::<sailau_law::Date>()
            .map_err(|e| format!("a date: {e}"))
    };
    let (date, first) = (parse(date)?, parse(first)?);
    let body = sailau_law::Body::from_name(body).ok_or_else(|| format!("unknown body {body}"))?;
    let edition = sailau_law::editions::in_force(body, first)
        .ok_or_else(|| format!("no {body} edition is in force on {first}"))?;
    let rules = edition
        .majority
        .ok_or_else(|| format!("{} has no second round", edition.id))?;
    let (from, until) = rules.second_round.window(first);
    if date < from || date > until {
        return Err(format!(
            "held on {date}, outside the window {from} to {until} that {} gives after a first round on {first}",
            edition.id
        ));
    }
    Ok(())
}

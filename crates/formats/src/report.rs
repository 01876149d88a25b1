//! The results JSON (`sailau results --json`) and the comparison with a file's `expected` block.
//!
//! The JSON is a contract that scripts rely on (docs/formats.md):
//! `{"contests": [{"id", "kind", "edition", "outcome", "winner"?, "runoff"?, "options": [{"id",
//! "votes", "share", "passed", "seats"}], "certificate"}], "composition"?: [...]}`.

use crate::composition::compose;
use crate::results_file::{ContestEntry, Expected, ResultsFile};
use sailau_law::{Decision, Ratio};
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

/// A share as a JSON number: the percentage rounded half up to two decimals, written from
/// exact integer arithmetic. serde_json's `arbitrary_precision` keeps the digits as text, so
/// no float is ever formed, here or in a reader built with the same crate.
fn percent(r: &Ratio) -> Value {
    let raw = RawValue::from_string(r.percent(2)).expect("a decimal is a JSON number");
    serde_json::to_value(raw).expect("a raw number converts")
}

/// One contest's object in the results JSON.
pub fn contest_json(entry: &ContestEntry, d: &Decision) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(d.contest));
    o.insert("kind".into(), json!(d.kind));
    o.insert("edition".into(), json!(d.edition.id));
    o.insert("outcome".into(), json!(d.outcome));
    if let Some(w) = &d.winner {
        o.insert("winner".into(), json!(w));
    }
    if let Some(r) = &d.runoff {
        o.insert("runoff".into(), json!(r));
    }
    if let Some(s) = d.seats {
        o.insert("seats".into(), json!(s));
    }
    o.insert("base".into(), json!(d.base));
    let options: Vec<Value> = d
        .options
        .iter()
        .zip(&entry.contest.options)
        .zip(&entry.parties)
        .map(|((r, c), party)| {
            let mut line = json!({
                "id": r.id,
                "name": c.name,
                "votes": r.votes,
                "share": percent(&r.share),
                "passed": r.passed,
                "seats": r.seats,
            });
            if let Some(p) = party {
                line["party"] = json!(p);
            }
            line
        })
        .collect();
    o.insert("options".into(), Value::Array(options));
    if let Some((votes, share)) = &d.against_all {
        o.insert(
            "against_all".into(),
            json!({ "votes": votes, "share": percent(share) }),
        );
    }
    o.insert("what_if".into(), json!(!d.certificate.what_if.is_empty()));
    o.insert(
        "certificate".into(),
        serde_json::to_value(&d.certificate).expect("certificates serialize"),
    );
    Value::Object(o)
}

/// The whole results JSON: every contest decided, and the make-up of each body the file
/// holds whole (left out when there is none).
pub fn results_json(file: &ResultsFile, decided: &[(&ContestEntry, Decision)]) -> Value {
    let mut o = Map::new();
    o.insert(
        "contests".into(),
        decided.iter().map(|(e, d)| contest_json(e, d)).collect(),
    );
    let composition = compose(file, decided);
    if !composition.is_empty() {
        o.insert(
            "composition".into(),
            serde_json::to_value(composition).expect("a make-up serializes"),
        );
    }
    Value::Object(o)
}

/// Where a decision departs from what the file expects, one line each; empty when it agrees.
pub fn differences(expected: &Expected, d: &Decision) -> Vec<String> {
    let mut out = Vec::new();
    let c = &d.contest;
    if let Some(want) = &expected.outcome {
        if want != d.outcome.name() {
            out.push(format!(
                "contest {c}: outcome is {}, expected {want}",
                d.outcome
            ));
        }
    }
    if let Some(want) = &expected.winner {
        if d.winner.as_ref() != Some(want) {
            let got = d.winner.as_deref().unwrap_or("nobody");
            out.push(format!("contest {c}: winner is {got}, expected {want}"));
        }
    }
    if let Some(want) = &expected.runoff {
        let mut want = want.clone();
        want.sort();
        let got = d.runoff.clone().map(|mut r| {
            r.sort();
            r
        });
        if got.as_ref() != Some(&want) {
            let got = got.map_or("no runoff".to_string(), |r| r.join(" and "));
            out.push(format!(
                "contest {c}: runoff is {got}, expected {}",
                want.join(" and ")
            ));
        }
    }
    if let Some(want) = &expected.seats {
        for r in &d.options {
            let got = r.seats.unwrap_or(0);
            let exp = want.get(&r.id).copied().unwrap_or(0);
            if got != exp {
                out.push(format!(
                    "contest {c}: {} has {got} seats, expected {exp}",
                    r.id
                ));
            }
        }
    }
    out
}

/// Decides every contest of a file under the edition in force on its date: the decisions,
/// and a message for each contest the law refuses (or for the file, if no edition is in
/// force).
pub fn decide_in_force(file: &ResultsFile) -> (Vec<(&ContestEntry, Decision)>, Vec<String>) {
    let Some(edition) = sailau_law::editions::in_force(file.body, file.date) else {
        return (
            Vec::new(),
            vec![format!(
                "{}: no edition in force on {}",
                file.body, file.date
            )],
        );
    };
    let mut decided = Vec::new();
    let mut refused = Vec::new();
    for entry in &file.contests {
        match sailau_law::decide(&entry.contest, edition, &sailau_law::WhatIf::default()) {
            Ok(d) => decided.push((entry, d)),
            Err(e) => refused.push(format!("{}: {e}", entry.contest.id)),
        }
    }
    (decided, refused)
}

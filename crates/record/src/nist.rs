//! The precinct-level NIST SP 1500-100 v2 ElectionReport of a whole record (`sailau export
//! nist-err`, and the service's `/api/export/nist-err`): every unit and every precinct of the
//! definition as a `ReportingUnit`, every selection's votes at every precinct on paper,
//! electronic and in total, one `Election` per body elected (docs/formats.md, "NIST SP
//! 1500-100 v2"). The JSON is the formats crate's; the geography and the counts are read here
//! from the definition and the precinct protocols.

use crate::results::BodyResults;
use sailau_definition::{Checked, UnitKind};
use sailau_formats::nist::{precinct_report, GeoUnit, Geography, PrecinctContest, PrecinctCounts};
use sailau_protocol::Protocol;
use serde_json::Value;

fn kind(k: UnitKind) -> &'static str {
    match k {
        UnitKind::Region => "region",
        UnitKind::City => "city",
        UnitKind::District => "district",
        UnitKind::Abroad => "abroad",
    }
}

fn fit(x: u128) -> u64 {
    u64::try_from(x).unwrap_or(u64::MAX)
}

/// The definition's units and precincts, and the counts of those that have reported, as the
/// report lays them out.
pub fn geography(def: &Checked, protocols: &[&Protocol]) -> Geography {
    let units = def
        .units
        .iter()
        .map(|u| GeoUnit {
            id: u.id.clone(),
            name: u.name.en.clone(),
            kind: kind(u.kind).into(),
            units: def
                .units
                .iter()
                .filter(|x| x.parent.as_deref() == Some(&u.id))
                .map(|x| x.id.clone())
                .collect(),
            precincts: def
                .precincts
                .iter()
                .filter(|p| p.unit == u.id)
                .map(|p| p.id.clone())
                .collect(),
        })
        .collect();
    let top = def
        .units
        .iter()
        .filter(|u| u.parent.is_none())
        .map(|u| u.id.clone())
        .collect();
    let reported: std::collections::HashMap<&str, &Protocol> =
        protocols.iter().map(|p| (p.unit.as_str(), *p)).collect();
    let precincts = def
        .precincts
        .iter()
        .map(|d| {
            let p = reported.get(d.id.as_str());
            PrecinctCounts {
                id: d.id.clone(),
                number: d.number,
                registered: p.map(|p| p.contests.iter().map(|c| c.registered).max().unwrap_or(0)),
                contests: p
                    .map(|p| {
                        p.contests
                            .iter()
                            .map(|c| PrecinctContest {
                                contest: c.contest.clone(),
                                ballots_cast: fit(c.ballots_found()),
                                invalid: fit(c.invalid()),
                                options: c
                                    .options
                                    .iter()
                                    .map(|o| (o.option.clone(), o.paper, o.electronic))
                                    .collect(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    Geography {
        units,
        top,
        precincts,
    }
}

/// One report for the whole record: each body's precinct-level report, joined (their units
/// and parties once each, their elections in the definition's order of bodies).
pub fn report(
    def: &Checked,
    protocols: &[&Protocol],
    bodies: &[BodyResults],
    generated: &str,
) -> Value {
    let geo = geography(def, protocols);
    let mut out: Option<Value> = None;
    for b in bodies {
        let decided = b.decide();
        let r = precinct_report(&b.file, &decided.decisions, &geo, generated);
        let Some(all) = out.as_mut() else {
            out = Some(r);
            continue;
        };
        for key in ["GpUnit", "Party"] {
            let have: std::collections::HashSet<String> = all[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v["@id"].as_str().map(String::from))
                .collect();
            let more: Vec<Value> = r[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|v| v["@id"].as_str().is_some_and(|id| !have.contains(id)))
                .cloned()
                .collect();
            if more.is_empty() {
                continue;
            }
            match all[key].as_array_mut() {
                Some(list) => list.extend(more),
                None => all[key] = Value::Array(more),
            }
        }
        if let Some(e) = r["Election"].as_array() {
            all["Election"]
                .as_array_mut()
                .expect("an Election array")
                .extend(e.iter().cloned());
        }
        let notes = format!(
            "{}\n{}",
            all["Notes"].as_str().unwrap_or_default(),
            r["Notes"].as_str().unwrap_or_default()
        );
        all["Notes"] = Value::String(notes);
    }
    out.unwrap_or(Value::Null)
}

//! `sailau observer compare COPIES RECORD`: the signed protocol copies observers received at
//! the stations, checked against the published record (docs/registry.md, "Observers"). A
//! copy is genuine when its precinct's station key, as the record publishes it, signed it.
//! A published protocol that differs from a genuine copy is a rewrite, proved by the copy:
//! the station signed the other. The precincts no genuine copy came from are listed, as a
//! parallel vote tabulation would.

use crate::station_cmd::{read_text, signature_holds, station_keys};
use crate::{emit, Failure};
use sailau_protocol::{Level, SignedProtocol};
use sailau_record::{Folder, Layout};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Where two protocols differ: the paths of the first few fields that do, as `a.b[2].c`.
fn differences(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    if out.len() >= 5 || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let (l, r) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                differences(l, r, &path, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (l, r)) in x.iter().zip(y).enumerate() {
                differences(l, r, &format!("{at}[{i}]"), out);
            }
        }
        _ => out.push(format!("{at}: {a} on the copy, {b} published")),
    }
}

pub fn compare(copies: &Path, record: &Path) -> Result<(), Failure> {
    let folder = Folder::at(record);
    let (_, def) = crate::station_cmd::load_definition(&folder.path(&Layout::Definition))?;
    let keys: BTreeMap<String, String> = station_keys(&folder.path(&Layout::Stations))?
        .into_iter()
        .collect();
    let mut files: Vec<_> = std::fs::read_dir(copies)
        .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", copies.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut problems = Vec::new();
    let mut rewrites = 0;
    let mut matching = 0;
    let mut covered = std::collections::BTreeSet::new();
    for file in &files {
        let shown = file.display();
        let copy = match SignedProtocol::from_json(&read_text(file)?) {
            Ok(c) => c,
            Err(e) => {
                problems.push(format!("{shown}: not a signed protocol: {e}"));
                continue;
            }
        };
        let precinct = copy.protocol.unit.clone();
        let genuine = copy.protocol.level == Level::Precinct
            && keys.get(&precinct) == Some(&copy.signer)
            && signature_holds(&copy);
        if !genuine {
            problems.push(format!(
                "{shown}: not a genuine copy: precinct {precinct}'s station key, as the record publishes it, did not sign it"
            ));
            continue;
        }
        if copy.protocol.definition != def.digest().to_string() {
            problems.push(format!(
                "{shown}: a copy of another election's protocol (definition {})",
                copy.protocol.definition
            ));
            continue;
        }
        covered.insert(precinct.clone());
        let path = folder.path(&Layout::Protocol(precinct.clone()));
        let published = match std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| SignedProtocol::from_json(&t).ok())
        {
            Some(p) => p,
            None => {
                rewrites += 1;
                problems.push(format!(
                    "precinct {precinct}: its station signed the protocol in {shown}, and the record publishes no readable protocol for it"
                ));
                continue;
            }
        };
        if published.protocol == copy.protocol {
            matching += 1;
            continue;
        }
        rewrites += 1;
        let mut diff = Vec::new();
        differences(
            &serde_json::to_value(&copy.protocol).expect("a protocol serializes"),
            &serde_json::to_value(&published.protocol).expect("a protocol serializes"),
            "",
            &mut diff,
        );
        let how = if published.signer == copy.signer && signature_holds(&published) {
            "its station signed both: two different protocols under one key"
        } else {
            "the published one is not signed by the station's key"
        };
        problems.push(format!(
            "precinct {precinct}: REWRITTEN: the published protocol is not the one its station signed in {shown} ({how}); {}",
            diff.join("; ")
        ));
    }
    let missing: Vec<&str> = def
        .precincts
        .iter()
        .map(|p| p.id.as_str())
        .filter(|id| !covered.contains(*id))
        .collect();
    let mut out = format!(
        "{} copies read: {matching} match the published protocol, {rewrites} prove a rewrite; {} of {} precincts covered\n",
        files.len(),
        covered.len(),
        def.precincts.len()
    );
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(20).copied().collect();
        out += &format!(
            "no genuine copy from {} precinct(s): {}{}\n",
            missing.len(),
            shown.join(", "),
            if missing.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        );
    }
    emit(&out)?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::Check(problems))
    }
}
